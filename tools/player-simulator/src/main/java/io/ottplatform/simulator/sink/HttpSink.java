package io.ottplatform.simulator.sink;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Plays views through ingest-api the way player SDKs do: each view has its own playback token and
 * posts its events in batches, one every {@code batchInterval} of player time or every
 * {@code batchEvents} events, in order (a view never has two batches in flight); the last batch, with
 * VIEW_END, goes as a {@code navigator.sendBeacon} would send it: {@code text/plain} with the token in
 * the body. 429 and 503 are retried after their {@code Retry-After} with the same event ids.
 *
 * <p>With {@code speed > 0} batches leave when the simulated clock (running {@code speed} times real
 * time) reaches them; with {@code speed == 0} as fast as {@code maxInFlight} allows, roughly in time order.
 */
public final class HttpSink {

  public record Options(URI target, int batchEvents, Duration batchInterval, double speed, int maxInFlight,
                        int maxRetries, String countryHeader, boolean gzip, int viewWindow) {
    public static Options defaults(URI target) {
      return new Options(target, 50, Duration.ofSeconds(10), 0, 64, 5, "CloudFront-Viewer-Country", false, 5_000);
    }
  }

  /** What ingest answered, summed over the run. */
  public record Result(long views, long requests, long eventsPosted, long eventsAccepted, long eventsRejected,
                       long retries, long failedRequests, Map<Integer, Long> statuses, double seconds) {}

  private record Batch(Session session, List<PlaybackEvent> events, long dueMs, long order, boolean beacon) {}

  private static final class Session {
    final SimulatedView view;
    final String token;
    final String clientIp;
    final String userAgent;
    final String country;
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);

    Session(SimulatedView view, String token, String clientIp, String userAgent, String country) {
      this.view = view;
      this.token = token;
      this.clientIp = clientIp;
      this.userAgent = userAgent;
      this.country = country;
    }
  }

  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

  private final Options options;
  private final PlaybackTokenMinter minter;
  private final PrintStream out;
  private final HttpClient client;
  private final Semaphore inFlight;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong posted = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final AtomicLong pendingBatches = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean reportedRefusal = new java.util.concurrent.atomic.AtomicBoolean();

  public HttpSink(Options options, PlaybackTokenMinter minter, PrintStream out) {
    this.options = options;
    this.minter = minter;
    this.out = out;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    this.inFlight = new Semaphore(options.maxInFlight());
  }

  public Result play(Iterator<SimulatedView> views) {
    Progress progress = new Progress(out, 2_000);
    PriorityQueue<Batch> queue = new PriorityQueue<>(
        Comparator.comparingLong(Batch::dueMs).thenComparingLong(Batch::order));
    long order = 0;
    long viewCount = 0;
    SimulatedView pending = views.hasNext() ? views.next() : null;
    long simStart = pending == null ? 0 : pending.startTs().toEpochMilli();
    long wallStart = System.nanoTime();
    int openViews = 0;
    while (pending != null || !queue.isEmpty()) {
      long simNow = options.speed() > 0
          ? simStart + (long) ((System.nanoTime() - wallStart) / 1e6 * options.speed()) : Long.MAX_VALUE;
      long pendingStart = pending == null ? Long.MAX_VALUE : pending.startTs().toEpochMilli();
      boolean admit = pending != null && pendingStart <= simNow
          && (options.speed() > 0 || queue.isEmpty() || (queue.peek().dueMs() > pendingStart && openViews < options.viewWindow()));
      if (admit) {
        Session session = open(pending);
        for (Batch b : batches(session, order)) {
          queue.add(b);
          order++;
        }
        openViews++;
        viewCount++;
        pending = views.hasNext() ? views.next() : null;
      } else if (!queue.isEmpty() && queue.peek().dueMs() <= simNow) {
        Batch batch = queue.poll();
        if (batch.beacon()) {
          openViews--;
        }
        send(batch);
      } else {
        long next = Math.min(pendingStart, queue.isEmpty() ? Long.MAX_VALUE : queue.peek().dueMs());
        long waitMs = (long) Math.min(100, Math.max(1, (next - simNow) / options.speed()));
        sleep(waitMs);
      }
      long sim = simNow == Long.MAX_VALUE ? -1 : simNow;
      progress.maybePrint(accepted.get(), "events accepted", () -> status(sim));
    }
    inFlight.acquireUninterruptibly(options.maxInFlight()); // every request answered
    inFlight.release(options.maxInFlight());
    progress.print(accepted.get(), "events accepted", status(-1));
    Map<Integer, Long> byStatus = new TreeMap<>();
    statuses.forEach((k, v) -> byStatus.put(k, v.get()));
    return new Result(viewCount, requests.get(), posted.get(), accepted.get(), rejected.get(), retries.get(),
        failed.get(), byStatus, progress.elapsedSeconds());
  }

  private String status(long simNow) {
    return String.format("%,d requests, %,d rejected, %,d retries, %,d failed, statuses %s%s", requests.get(),
        rejected.get(), retries.get(), failed.get(), statuses,
        simNow < 0 ? "" : ", player clock " + Instant.ofEpochMilli(simNow));
  }

  private Session open(SimulatedView view) {
    PlaybackEvent first = view.events().get(0);
    String prefix = first.getClientIpPrefix();
    String ip = prefix != null && prefix.endsWith(".0/24")
        ? prefix.substring(0, prefix.length() - 4) + (1 + Math.floorMod(view.sessionId().hashCode(), 254))
        : "198.18.0.1";
    return new Session(view, minter.mint(view), ip, FleetSimulator.userAgentOf(first.getDevice(), first.getPlayer()),
        first.getCountry());
  }

  private List<Batch> batches(Session session, long order) {
    List<Batch> batches = new ArrayList<>();
    List<PlaybackEvent> current = new ArrayList<>();
    long windowStart = Long.MIN_VALUE;
    long interval = options.batchInterval().toMillis();
    for (PlaybackEvent e : session.view.events()) {
      long ts = e.getClientTs().toEpochMilli();
      if (current.isEmpty()) {
        windowStart = ts;
      }
      current.add(e);
      boolean last = e.getEventType() == EventType.VIEW_END;
      if (last || current.size() >= options.batchEvents() || ts - windowStart >= interval) {
        batches.add(new Batch(session, current, ts, order + batches.size(), last));
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      long due = current.get(current.size() - 1).getClientTs().toEpochMilli();
      batches.add(new Batch(session, current, due, order + batches.size(), true));
    }
    return batches;
  }

  private void send(Batch batch) {
    inFlight.acquireUninterruptibly();
    pendingBatches.incrementAndGet();
    Session s = batch.session();
    s.chain = s.chain.thenCompose(ignored -> attempt(batch, 0)).whenComplete((ok, error) -> {
      if (error != null) {
        failed.incrementAndGet();
      }
      pendingBatches.decrementAndGet();
      inFlight.release();
    }).exceptionally(error -> null);
  }

  private CompletableFuture<Void> attempt(Batch batch, int tries) {
    HttpRequest request = request(batch);
    requests.incrementAndGet();
    if (tries == 0) {
      posted.addAndGet(batch.events().size());
    }
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      if (error != null) {
        return retryOrFail(batch, tries, 1, "request failed: " + error.getMessage());
      }
      statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
      int code = response.statusCode();
      if (code == 429 || code == 503) {
        long after = response.headers().firstValueAsLong("Retry-After").orElse(1);
        return retryOrFail(batch, tries, after, "HTTP " + code);
      }
      if (code / 100 == 2) {
        Matcher m = ACCEPTED.matcher(response.body());
        long ok = m.find() ? Long.parseLong(m.group(1)) : batch.events().size();
        accepted.addAndGet(ok);
        rejected.addAndGet(batch.events().size() - ok);
      } else {
        rejected.addAndGet(batch.events().size());
        if (reportedRefusal.compareAndSet(false, true)) {
          out.println("ingest refused a batch with HTTP " + code + ": " + response.body());
        }
      }
      return CompletableFuture.<Void>completedFuture(null);
    }).thenCompose(f -> f);
  }

  private CompletableFuture<Void> retryOrFail(Batch batch, int tries, long afterSeconds, String why) {
    if (tries >= options.maxRetries()) {
      return CompletableFuture.failedFuture(new IOException("gave up after " + (tries + 1) + " tries: " + why));
    }
    retries.incrementAndGet();
    Executor later = CompletableFuture.delayedExecutor(Math.max(1, afterSeconds), TimeUnit.SECONDS);
    return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> attempt(batch, tries + 1));
  }

  private HttpRequest request(Batch batch) {
    Session s = batch.session();
    String body = batch.beacon() ? EventJson.envelope(s.token, batch.events()) : EventJson.array(batch.events());
    HttpRequest.Builder b = HttpRequest.newBuilder(options.target().resolve("/v1/events"))
        .timeout(Duration.ofSeconds(30))
        .header("User-Agent", s.userAgent)
        .header("X-Forwarded-For", s.clientIp);
    if (s.country != null && options.countryHeader() != null && !options.countryHeader().isBlank()) {
      b.header(options.countryHeader(), s.country);
    }
    if (batch.beacon()) {
      b.header("Content-Type", "text/plain;charset=UTF-8");
    } else {
      b.header("Content-Type", "application/json").header("Authorization", "Bearer " + s.token);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (options.gzip() && !batch.beacon()) {
      b.header("Content-Encoding", "gzip");
      bytes = gzip(bytes);
    }
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
