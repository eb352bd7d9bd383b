package io.ottplatform.bench.ingest;

import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchLine;
import io.ottplatform.bench.harness.BenchProcesses;
import io.ottplatform.bench.harness.Latencies;
import io.ottplatform.bench.harness.LoadGenerator;
import io.ottplatform.bench.harness.RequestPool;
import io.ottplatform.bench.harness.ScenarioResult;
import io.ottplatform.ingest.IngestApplication;
import io.ottplatform.ingest.IngestConfiguration;
import io.ottplatform.ingest.kafka.ProducerSettings;
import io.ottplatform.local.KafkaBroker;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.simulator.sink.EventJson;
import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>It starts its own ingest-api in this JVM (rate limits off, a fresh signing key whose JWKS file it
 * trusts) and its own Kafka broker (a child process) under {@code $OTT_HOME/bench/work}, unless
 * {@code --bootstrap HOST:PORT} names a running one. The HTTP load comes from the harness's {@link
 * LoadGenerator} in a child JVM (closed loop: {@code --concurrency} requests always in flight), posting
 * a {@link RequestPool} of pre-built batches from the player simulator with real signed playback tokens;
 * it reports through a results file. Event ids repeat across cycles of the pool (ingest does not
 * deduplicate; the topic gets duplicates, as with client retries). Until 2026-12-05 the load came from
 * {@code wrk}; one generator for every benchmark now (README, Benchmarks).
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

  record Request(byte[] body, String token) {}

  private IngestBenchmark() {}

  public static void main(String[] argv) throws Exception {
    // until Dropwizard configures logging, logback's default is DEBUG on the console
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    BenchArgs args = BenchArgs.declare("ingest", "ingest-api against the raw producer ceiling, batched and single-event")
        .option("bootstrap", "", "a running broker (default: one started for the run)")
        .option("seconds", "15", "measured seconds per phase")
        .option("warmup", "10", "warm-up seconds per HTTP phase (the service's JIT on both request shapes)")
        .option("concurrency", "48", "batched requests in flight")
        .option("batch", "50", "events per batched request at most")
        // Each single-event request waits for Kafka's acknowledgement (linger.ms 5 + the acks=all round
        // trip, p50 about 6.5 ms), so N connections cannot post more than N / 6.5 ms: 48 capped it near
        // 7,400/s with the service at a quarter of the CPU; 128 in flight is still few for a fleet of players
        .option("single-concurrency", "128", "single-event requests in flight")
        .parseOrExit(argv);
    int seconds = args.atLeast("seconds", 1);
    int warmup = args.atLeast("warmup", 0);
    int concurrency = args.atLeast("concurrency", 1);
    int batchSize = args.atLeast("batch", 1);
    int singleConcurrency = args.atLeast("single-concurrency", 1);
    Path work = BenchProcesses.workDir("ingest");
    KafkaBroker broker = null;
    String bootstrap = args.string("bootstrap");
    int exit = 0;
    try {
      if (bootstrap.isEmpty()) {
        System.out.println("starting a Kafka broker in " + work.resolve("kafka"));
        broker = new KafkaBroker(work.resolve("kafka"), BenchProcesses.freePort(), BenchProcesses.freePort(), "1g");
        broker.start(false, Duration.ofSeconds(90));
        broker.createTopics();
        bootstrap = broker.bootstrapServers();
      }
      KeyPair keys = DevKeys.generate();
      DevKeys.write(keys, "bench-1", work);
      int port = BenchProcesses.freePort();
      int adminPort = BenchProcesses.freePort();
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
      String base = "http://127.0.0.1:" + port;
      List<Request> batchedPool = requests(views, minter, batchSize, 1_000);
      Path batched = pool(work.resolve("batched.requests"), batchedPool);
      System.out.printf("batched pool: %,d requests, %.1f events per request on average%n", batchedPool.size(),
          batchedPool.stream().mapToInt(r -> countEvents(r.body())).average().orElse(0));
      Path single = pool(work.resolve("single.requests"), requests(views, minter, 1, 20_000));
      // the service's JIT warms up on each shape before it is measured (with less, C2 was still compiling
      // Jetty through the measured phases), and every token of the pools gets verified
      Phase batchedPhase = load(work, "batched (" + batchSize + " events/request)", base, batched, seconds, warmup, concurrency);
      print(batchedPhase);
      Phase singlePhase = load(work, "single-event requests", base, single, seconds, warmup, singleConcurrency);
      print(singlePhase);

      BenchLine.of("ingest").putRounded("batched_events_per_s", batchedPhase.eventsPerSecond())
          .put("ratio_vs_producer", batchedPhase.eventsPerSecond() / producer.eventsPerSecond(), 3)
          .putRounded("single_requests_per_s", singlePhase.requestsPerSecond())
          .put("batched_p99_ms", batchedPhase.p99Ms(), 1)
          .print();
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      e.printStackTrace();
      exit = 1;
    } finally {
      if (broker != null) {
        broker.kill();
      }
      BenchProcesses.deleteRecursively(work);
    }
    System.exit(exit); // the in-process service has non-daemon threads
  }

  private static void print(Phase p) {
    System.out.printf("%-32s %,10.0f events/s %,9.0f requests/s  p50 %6.1f ms  p99 %6.1f ms  (%,d events, %,d requests, %.1f s, %d failed)%n",
        p.name(), p.eventsPerSecond(), p.requestsPerSecond(), p.p50Ms(), p.p99Ms(), p.events(), p.requests(),
        p.seconds(), p.failures());
  }

  /** An ingest-api in this JVM on {@code port}: rate limits off, trusting the JWKS file DevKeys wrote to {@code work}. */
  public static void startIngest(Path work, int port, int adminPort, String bootstrap) throws Exception {
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
        "  perAccount: {requestsPerSecond: 0, burst: 0}",
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
    Latencies latencies = new Latencies();
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
          boolean sample = (sent & 63) == 0; // one in 64: the clock and the histogram stay off the hot path
          producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), e.getSessionId(), e), (m, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else {
              acked.incrementAndGet();
              if (sample) {
                latencies.recordNanos(System.nanoTime() - t0);
              }
            }
          });
        }
      }
      producer.flush();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Phase("raw producer (same settings)", acked.get(), 0, elapsed, latencies.percentileMs(50),
        latencies.percentileMs(99), failure.get() == null ? 0 : sent - acked.get());
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

  private static int countEvents(byte[] body) {
    return new String(body, StandardCharsets.UTF_8).split("\\{\"event_id\"", -1).length - 1;
  }

  /** The pool as the load generator reads it: each request weighs the events it carries. */
  private static Path pool(Path file, List<Request> requests) throws Exception {
    List<RequestPool.Request> pool = new ArrayList<>(requests.size());
    for (Request r : requests) {
      pool.add(new RequestPool.Request("POST", "/v1/events", r.token(), countEvents(r.body()),
          new String(r.body(), StandardCharsets.UTF_8)));
    }
    return RequestPool.write(file, pool);
  }

  /** Posts the pool from a load-generator JVM for {@code seconds} (after {@code warmup}), {@code connections} in flight. */
  private static Phase load(Path work, String name, String base, Path pool, int seconds, int warmup, int connections)
      throws Exception {
    System.out.printf("%s: %d s after %d s warm-up, %d connections, from %s%n", name, seconds, warmup, connections,
        java.time.LocalTime.now().withNano(0));
    Path results = work.resolve("results-" + System.nanoTime() + ".jsonl");
    List<String> command = BenchProcesses.javaCommand("256m", LoadGenerator.class.getName(), "--base", base,
        "--requests", pool.toString(), "--scenario", "ingest", "--mode", "closed", "--connections", Integer.toString(connections),
        "--seconds", Integer.toString(seconds), "--warmup", Integer.toString(warmup), "--results", results.toString(),
        "--server-pid", Long.toString(ProcessHandle.current().pid()));
    Process generator = new ProcessBuilder(command).inheritIO().start();
    if (generator.waitFor() != 0 || !Files.exists(results)) {
      throw new IllegalStateException("the load generator failed (exit " + generator.exitValue() + ")");
    }
    ScenarioResult r = ScenarioResult.parse(Files.readAllLines(results).get(0));
    if (r.errors() > 0) {
      System.out.printf("%s: %,d requests failed or were not 2xx%n", name, r.errors());
    }
    System.out.printf("%s: service CPU %.0f us per request%n", name, r.serverCpuUsPerRequest());
    return new Phase(name, r.weight(), r.ok(), r.seconds(), r.p50Ms(), r.p99Ms(), r.errors());
  }
}
