package io.ottplatform.serving.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load generator, run as its own JVM by {@link ServingBenchmark}. Open loop at a fixed rate:
 * request i is due at {@code start + i/rate} and its latency is measured from that due time, not
 * from when it was actually sent, so a stalled server cannot hide its queueing delay
 * (coordinated omission). Prints one {@code RESULT} line per scenario.
 *
 * <p>At most {@code --connections} requests are in flight (default 64), which bounds the
 * connections the JDK client opens; a request that waits for a slot still counts its wait.
 *
 * <p>Arguments: {@code --base URL --token T --profile P --titles id,id,.. --country CC --rate N
 * --seconds S --warmup S --connections N}.
 */
public final class LoadGenerator {

  private static final String[] SEARCH_TERMS = {"nebula", "orbit", "har", "quiet", "drift", "light", "sto", "ri"};

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .executor(Executors.newFixedThreadPool(4))
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> args;
  private Semaphore inFlightLimit;

  private LoadGenerator(Map<String, String> args) {
    this.args = args;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new LoadGenerator(args).run();
    System.exit(0);
  }

  private void run() throws Exception {
    String base = args.get("base");
    String token = args.get("token");
    String profile = args.get("profile");
    String country = args.getOrDefault("country", "DE");
    String[] titles = args.get("titles").split(",");
    int rate = Integer.parseInt(args.getOrDefault("rate", "500"));
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "10"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "3"));
    inFlightLimit = new Semaphore(Integer.parseInt(args.getOrDefault("connections", "64")));

    IntFunction<HttpRequest> browse = i -> get(base + "/v1/catalog/browse?profileId=" + profile, token, country);
    IntFunction<HttpRequest> search = i -> get(base + "/v1/catalog/search?profileId=" + profile + "&q="
        + SEARCH_TERMS[i % SEARCH_TERMS.length], token, country);
    IntFunction<HttpRequest> playback = i -> HttpRequest.newBuilder(URI.create(base + "/v1/playback"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
        .header("CloudFront-Viewer-Country", country).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"profileId\":\"" + profile + "\",\"titleId\":\""
            + titles[i % titles.length] + "\"}", StandardCharsets.UTF_8))
        .build();

    for (var scenario : List.of(Map.entry("browse", browse), Map.entry("search", search), Map.entry("playback", playback))) {
      drive(scenario.getValue(), rate, warmup); // JIT, connection pool and database caches warm up
      Result r = drive(scenario.getValue(), rate, seconds);
      System.out.printf("RESULT %s rate=%d sent=%d ok=%d errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f%n",
          scenario.getKey(), rate, r.sent, r.ok, r.errors, r.percentile(50), r.percentile(99), r.percentile(100), r.rps);
      System.out.flush();
    }
  }

  private static HttpRequest get(String url, String token, String country) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).header("CloudFront-Viewer-Country", country).GET().build();
  }

  private Result drive(IntFunction<HttpRequest> requests, int rate, int seconds) throws InterruptedException {
    int n = rate * seconds;
    long[] latencies = new long[n];
    Arrays.fill(latencies, -1);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<CompletableFuture<?>> inFlight = new ArrayList<>(n);
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlightLimit.acquire();
      int index = i;
      inFlight.add(http.sendAsync(requests.apply(i), HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, failure) -> {
            latencies[index] = System.nanoTime() - due;
            inFlightLimit.release();
            if (failure == null && response.statusCode() < 400) {
              ok.incrementAndGet();
            } else {
              errors.incrementAndGet();
            }
          }));
    }
    try {
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // timeouts and failures are already counted as errors
    }
    long end = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (latencies[i] < 0) {
        latencies[i] = end - (start + i * intervalNanos); // never answered: at least this late
      }
    }
    double elapsed = (end - start) / 1e9;
    return new Result(n, ok.get(), errors.get(), latencies, ok.get() / elapsed);
  }

  private record Result(int sent, int ok, int errors, long[] latencies, double rps) {
    double percentile(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }
  }
}
