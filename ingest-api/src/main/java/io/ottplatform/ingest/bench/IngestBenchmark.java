package io.ottplatform.ingest.bench;

import io.ottplatform.ingest.IngestApplication;
import io.ottplatform.ingest.IngestConfiguration;
import io.ottplatform.ingest.kafka.ProducerSettings;
import io.ottplatform.local.KafkaBroker;
import io.ottplatform.local.Ports;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.simulator.sink.EventJson;
import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./ott bench ingest}: on one machine, with the real broker, (a) the raw Kafka producer ceiling
 * for the same records and producer settings as ingest-api, (b) ingest-api with batched requests (about
 * 50 events each), (c) single-event requests. Prints events/s, requests/s and p50/p99 latency per
 * phase, and ends with one {@code BENCH ingest ...} line.
 *
 * <p>It starts its own ingest-api in this JVM (rate limits off, a fresh signing key) and its own Kafka
 * broker in a temporary directory, unless {@code --bootstrap HOST:PORT} names a running one. Requests
 * cycle through a pool of pre-built batches from the player simulator, so event ids repeat across
 * cycles (ingest does not deduplicate; the topic gets duplicates, as with client retries).
 *
 * <pre>IngestBenchmark [--bootstrap 127.0.0.1:9092] [--seconds 15] [--concurrency 48] [--batch 50]</pre>
 */
public final class IngestBenchmark {

  record Phase(String name, long events, long requests, double seconds, double p50Ms, double p99Ms, long failures) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    // until Dropwizard configures logging, logback's default is DEBUG on the console
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    int seconds = Integer.parseInt(opts.getOrDefault("--seconds", "15"));
    int concurrency = Integer.parseInt(opts.getOrDefault("--concurrency", "48"));
    int batchSize = Integer.parseInt(opts.getOrDefault("--batch", "50"));
    Path work = Files.createTempDirectory("ott-bench-ingest-");
    KafkaBroker broker = null;
    String bootstrap = opts.get("--bootstrap");
    int exit = 0;
    try {
      if (bootstrap == null) {
        System.out.println("starting a Kafka broker in " + work.resolve("kafka"));
        broker = new KafkaBroker(work.resolve("kafka"), Ports.freePort(), Ports.freePort(), "1g");
        broker.start(false, Duration.ofSeconds(90));
        broker.createTopics();
        bootstrap = broker.bootstrapServers();
      }
      KeyPair keys = DevKeys.generate();
      DevKeys.write(keys, "bench-1", work);
      int port = Ports.freePort();
      int adminPort = Ports.freePort();
      startIngest(work, port, adminPort, bootstrap);
      PlaybackTokenMinter minter = new PlaybackTokenMinter(keys.getPrivate(), "bench-1", "ott-serving-api", "ott-ingest",
          Duration.ofHours(6), Clock.systemUTC());

      List<SimulatedView> views = new FleetSimulator(SimulatorConfig.defaults(7, 2_000)
          .withStart(Instant.now().minus(Duration.ofHours(6))).withMeanWatch(Duration.ofMinutes(4))).views().toList();
      List<PlaybackEvent> records = views.stream().flatMap(v -> v.events().stream()).toList();
      long bytes = records.stream().limit(10_000).mapToLong(e -> Topics.PLAYBACK_EVENTS.valueSerde().serializer()
          .serialize(Topics.PLAYBACK_EVENTS.name(), e).length).sum();
      System.out.printf("%,d simulated events from %,d views, %d bytes per Avro record on average%n",
          records.size(), views.size(), bytes / Math.min(10_000, records.size()));

      Phase producer = producerCeiling(bootstrap, records, seconds);
      print(producer);
      URI target = URI.create("http://127.0.0.1:" + port + "/v1/events");
      List<Request> batched = requests(views, minter, batchSize, 4_000);
      List<Request> single = requests(views, minter, 1, 20_000);
      warmUp(target, batched, single);
      Phase batchedPhase = http("batched (" + batchSize + " events/request)", target, batched, seconds, concurrency);
      print(batchedPhase);
      Phase singlePhase = http("single-event requests", target, single, seconds, concurrency);
      print(singlePhase);

      double ratio = batchedPhase.eventsPerSecond() / producer.eventsPerSecond();
      System.out.printf("BENCH ingest batched_events_per_s=%d ratio_vs_producer=%.3f single_requests_per_s=%d batched_p99_ms=%.1f%n",
          Math.round(batchedPhase.eventsPerSecond()), ratio, Math.round(singlePhase.requestsPerSecond()),
          batchedPhase.p99Ms());
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      e.printStackTrace();
      exit = 1;
    } finally {
      if (broker != null) {
        broker.kill();
      }
    }
    System.exit(exit); // the in-process service has non-daemon threads
  }

  record Request(byte[] body, String token) {}

  private static void print(Phase p) {
    System.out.printf("%-32s %,10.0f events/s %,9.0f requests/s  p50 %6.1f ms  p99 %6.1f ms  (%,d events, %,d requests, %.1f s, %d failed)%n",
        p.name(), p.eventsPerSecond(), p.requestsPerSecond(), p.p50Ms(), p.p99Ms(), p.events(), p.requests(),
        p.seconds(), p.failures());
  }

  private static void startIngest(Path work, int port, int adminPort, String bootstrap) throws Exception {
    Path config = work.resolve("ingest-bench.yml");
    Files.writeString(config, String.join("\n",
        "server:",
        "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: " + port + ", acceptQueueSize: 1024}]",
        "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: " + adminPort + "}]",
        "  gzip: {enabled: false}",
        "  requestLog: {appenders: []}",
        "kafka:",
        "  bootstrapServers: " + bootstrap,
        "playbackToken:",
        "  jwksFile: " + work.resolve(DevKeys.JWKS_FILE),
        "rateLimits:",
        "  perSession: {requestsPerSecond: 0, burst: 0}",
        "  perIp: {requestsPerSecond: 0, burst: 0}",
        "logging:",
        "  level: WARN",
        ""));
    new IngestApplication().run("server", config.toString());
    System.out.println("ingest-api listening on 127.0.0.1:" + port + " (admin " + adminPort + ")");
  }

  /** (a) The same records with the same producer settings, straight to the broker. */
  private static Phase producerCeiling(String bootstrap, List<PlaybackEvent> records, int seconds) throws Exception {
    IngestConfiguration.KafkaSettings settings = new IngestConfiguration.KafkaSettings();
    settings.bootstrapServers = bootstrap;
    settings.maxBlock = io.dropwizard.util.Duration.seconds(60); // a benchmark may wait for buffer space
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long[] latencies = new long[1 << 20];
    AtomicLong sampled = new AtomicLong();
    long start;
    long sent = 0;
    try (KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(ProducerSettings.of(settings),
        Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer())) {
      producer.partitionsFor(Topics.PLAYBACK_EVENTS.name());
      start = System.nanoTime();
      long end = start + Duration.ofSeconds(seconds).toNanos();
      while (System.nanoTime() < end && failure.get() == null) {
        for (int i = 0; i < 1_000; i++) {
          PlaybackEvent e = records.get((int) (sent++ % records.size()));
          long t0 = System.nanoTime();
          boolean sample = (sent & 63) == 0;
          producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), e.getSessionId(), e), (m, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else {
              acked.incrementAndGet();
              if (sample) {
                long slot = sampled.getAndIncrement();
                if (slot < latencies.length) {
                  latencies[(int) slot] = System.nanoTime() - t0;
                }
              }
            }
          });
        }
      }
      producer.flush();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long n = Math.min(sampled.get(), latencies.length);
    return new Phase("raw producer (same settings)", acked.get(), 0, elapsed, percentile(latencies, n, 0.5),
        percentile(latencies, n, 0.99), failure.get() == null ? 0 : sent - acked.get());
  }

  private static List<Request> requests(List<SimulatedView> views, PlaybackTokenMinter minter, int batchSize, int max) {
    List<Request> requests = new ArrayList<>();
    for (SimulatedView v : views) {
      String token = minter.mint(v);
      for (int from = 0; from < v.events().size() && requests.size() < max; from += batchSize) {
        List<PlaybackEvent> batch = v.events().subList(from, Math.min(v.events().size(), from + batchSize));
        requests.add(new Request(EventJson.array(batch).getBytes(StandardCharsets.UTF_8), token));
      }
      if (requests.size() >= max) {
        break;
      }
    }
    return requests;
  }

  private static void warmUp(URI target, List<Request> batched, List<Request> single) throws Exception {
    http("warm-up", target, batched, 3, 16);
    http("warm-up", target, single, 3, 16);
  }

  /** Posts requests from the pool with {@code concurrency} in flight for {@code seconds}. */
  private static Phase http(String name, URI target, List<Request> pool, int seconds, int concurrency)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(java.util.concurrent.Executors.newFixedThreadPool(2)).build();
    Semaphore window = new Semaphore(concurrency);
    AtomicLong events = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long[] latencies = new long[4_000_000];
    AtomicLong count = new AtomicLong();
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    int i = 0;
    while (System.nanoTime() < end) {
      window.acquire();
      Request r = pool.get(i++ % pool.size());
      long t0 = System.nanoTime();
      HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + r.token())
          .POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).build();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
        long took = System.nanoTime() - t0;
        if (error == null && response.statusCode() == 200) {
          int accepted = accepted(response.body());
          events.addAndGet(accepted);
          requests.incrementAndGet();
          long slot = count.getAndIncrement();
          if (slot < latencies.length) {
            latencies[(int) slot] = took;
          }
        } else {
          if (failures.incrementAndGet() == 1) {
            System.out.println(name + ": first failure: " + (error != null ? error : response.statusCode() + " " + response.body()));
          }
        }
        window.release();
      });
    }
    window.acquire(concurrency);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long n = Math.min(count.get(), latencies.length);
    return new Phase(name, events.get(), requests.get(), elapsed, percentile(latencies, n, 0.5),
        percentile(latencies, n, 0.99), failures.get());
  }

  private static int accepted(String body) {
    int at = body.indexOf("\"accepted\":");
    if (at < 0) {
      return 0;
    }
    int from = at + 11;
    int to = from;
    while (to < body.length() && Character.isDigit(body.charAt(to))) {
      to++;
    }
    return Integer.parseInt(body.substring(from, to));
  }

  private static double percentile(long[] nanos, long n, double q) {
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, (int) n);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(n - 1, Math.floor(q * n))] / 1e6;
  }
}
