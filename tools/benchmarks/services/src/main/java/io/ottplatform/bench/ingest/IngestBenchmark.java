package io.ottplatform.bench.ingest;

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
 * broker (a child process) in a temporary directory, unless {@code --bootstrap HOST:PORT} names a running
 * one. The HTTP load comes from {@code wrk} in a separate process ({@link WrkLoad}), with real signed
 * playback tokens. Requests cycle through a pool of pre-built batches from the player simulator, so
 * event ids repeat across cycles (ingest does not deduplicate; the topic gets duplicates, as with client
 * retries).
 *
 * <pre>IngestBenchmark [--bootstrap 127.0.0.1:9092] [--seconds 15] [--concurrency 48] [--batch 50]
 *                 [--single-concurrency 128] [--wrk-threads 1]</pre>
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
    // Each single-event request waits for Kafka's acknowledgement (linger.ms 5 + the acks=all round
    // trip, p50 about 6.5 ms), so with N connections wrk cannot post more than N / 6.5 ms: 48 capped it
    // near 7,400/s with the service at a quarter of the CPU. 128 in flight is still few for a fleet of
    // players; with Jersey in the path (until 2026-11-25) the CPU ran out first and more did not help.
    int singleConcurrency = Integer.parseInt(opts.getOrDefault("--single-concurrency", "128"));
    int wrkThreads = Integer.parseInt(opts.getOrDefault("--wrk-threads", "1"));
    Path work = Files.createTempDirectory("ott-bench-ingest-");
    WrkLoad wrk = WrkLoad.prepare(work, wrkThreads); // fails at once, with how to install it, if wrk is missing
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
          .withStart(Instant.now().minus(Duration.ofHours(6))).withMeanWatch(Duration.ofMinutes(20))).views().toList();
      List<PlaybackEvent> records = views.stream().flatMap(v -> v.events().stream()).toList();
      long bytes = records.stream().limit(10_000).mapToLong(e -> Topics.PLAYBACK_EVENTS.valueSerde().serializer()
          .serialize(Topics.PLAYBACK_EVENTS.name(), e).length).sum();
      System.out.printf("%,d simulated events from %,d views, %d bytes per Avro record on average%n",
          records.size(), views.size(), bytes / Math.min(10_000, records.size()));

      Phase producer = producerCeiling(bootstrap, records, seconds);
      print(producer);
      URI target = URI.create("http://127.0.0.1:" + port + "/v1/events");
      List<Request> batchedPool = requests(views, minter, batchSize, 1_000);
      System.out.printf("batched pool: %,d requests, %.1f events per request on average%n", batchedPool.size(),
          meanEvents(batchedPool, batchSize));
      Path batched = WrkLoad.writeRequests(work.resolve("batched.requests"), batchedPool);
      Path single = WrkLoad.writeRequests(work.resolve("single.requests"), requests(views, minter, 1, 20_000));
      // the service's JIT warms up on both shapes before anything is measured (with less, C2 was still
      // compiling Jetty and Jersey through the measured phases), and every token of the pools gets verified
      load(wrk, "warm-up", target, batched, 10, concurrency);
      load(wrk, "warm-up", target, single, 10, singleConcurrency);
      Phase batchedPhase = load(wrk, "batched (" + batchSize + " events/request)", target, batched, seconds, concurrency);
      print(batchedPhase);
      Phase singlePhase = load(wrk, "single-event requests", target, single, seconds, singleConcurrency);
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
        "  enableThreadNameFilter: false", // as config.yml
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

  /**
   * Up to {@code max} requests of {@code batchSize} consecutive events of one view, taken round-robin
   * over the views (as many sessions post at once in production), each with its view's token.
   */
  private static List<Request> requests(List<SimulatedView> views, PlaybackTokenMinter minter, int batchSize, int max) {
    List<Request> requests = new ArrayList<>();
    Map<SimulatedView, String> tokens = new java.util.IdentityHashMap<>();
    for (int from = 0; requests.size() < max; from += batchSize) {
      boolean any = false;
      for (SimulatedView v : views) {
        if (from >= v.events().size() || requests.size() >= max) {
          continue;
        }
        any = true;
        List<PlaybackEvent> batch = v.events().subList(from, Math.min(v.events().size(), from + batchSize));
        requests.add(new Request(EventJson.array(batch).getBytes(StandardCharsets.UTF_8),
            tokens.computeIfAbsent(v, minter::mint)));
      }
      if (!any) {
        break;
      }
    }
    return requests;
  }

  private static double meanEvents(List<Request> pool, int batchSize) {
    return batchSize == 1 ? 1 : pool.stream().mapToInt(r -> countEvents(r.body())).average().orElse(0);
  }

  private static int countEvents(byte[] body) {
    return new String(body, StandardCharsets.UTF_8).split("\\{\"event_id\"", -1).length - 1;
  }

  /** Posts the pool with wrk (another process) for {@code seconds}, {@code connections} requests in flight. */
  private static Phase load(WrkLoad wrk, String name, URI target, Path pool, int seconds, int connections)
      throws IOException, InterruptedException {
    System.out.printf("%s: %d s, %d connections, from %s%n", name, seconds, connections,
        java.time.LocalTime.now().withNano(0));
    WrkLoad.Result r = wrk.run(target, pool, seconds, connections);
    if (r.non2xx() > 0 || r.socketErrors() > 0) {
      System.out.printf("%s: %,d answers were not 2xx, %,d socket errors%n", name, r.non2xx(), r.socketErrors());
    }
    return new Phase(name, r.events(), r.requests() - r.non2xx(), r.seconds(), r.p50Ms(), r.p99Ms(),
        r.non2xx() + r.socketErrors());
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
