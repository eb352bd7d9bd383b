package io.ottplatform.bench.serving;

import static io.ottplatform.bench.harness.BenchProcesses.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchLine;
import io.ottplatform.bench.harness.BenchProcesses;
import io.ottplatform.bench.harness.Latencies;
import io.ottplatform.bench.ingest.IngestBenchmark;
import io.ottplatform.local.KafkaBroker;
import io.ottplatform.local.seed.ServingClient;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.simulator.sink.EventJson;
import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./ott bench freshness} (issue #13): how long after a player sends a view's last events the dashboard's API
 * shows the view ended. The whole live path, each piece real and started by the benchmark: a Kafka broker, ingest-api
 * (tokens from a fresh key whose JWKS it trusts, rate limits off), the QoE job (Flink, its own process on its module's
 * classpath), serving-api on a throw-away database that the job's {@code qoe_view} lands in, an analyst made with
 * serving-api's {@code admin create}.
 *
 * <p>The fleet plays in real time: {@code --views} simulated views arrive over {@code --arrival} seconds and post their
 * events as the SDK does, a batch every 10 s of player time and the last one (with VIEW_END) when the view ends, each
 * batch sent when its newest event happens. A poller asks {@code GET /v1/dashboard/views} every {@code --poll-ms}, as
 * the dashboard page does; a view's freshness is the time from the start of its last batch's POST to the first answer
 * that lists it (so up to one poll interval is included). Ends with
 * {@code BENCH freshness e2e_p50_s=.. e2e_p95_s=.. sdk_gzip_kb=..}, the last being the SDK's script-tag build,
 * minified and gzipped, as its build measured it (player-sdk/dist/size.json).
 *
 * <p>The real browser viewer of the issue is measured by tools/e2e-tests' SdkViewOnDashboardIT (the same path with
 * the SDK in Chromium); this benchmark's fleet posts the SDK's batches itself, so that a few hundred views fit a run.
 */
public final class FreshnessBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SDK_FLUSH = Duration.ofSeconds(10);

  private FreshnessBenchmark() {}

  public static void main(String[] argv) throws Exception {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    BenchArgs args = ServingSetup.Postgres.declareOptions(
        BenchArgs.declare("freshness", "from a player's last events to the dashboard's API showing the view ended")
        .option("views", "200", "simulated views (at most serving-api's dashboard.maxLimit, 500)")
        .option("arrival", "60", "seconds over which the views start")
        .option("watch", "20", "mean seconds a view plays")
        .option("poll-ms", "250", "how often the dashboard's view list is asked")
        .option("repo", ".", "the repository (for stream-jobs/qoe-job's build and player-sdk/dist)")
        .option("seed", "7", "the fleet's seed"))
        .parseOrExit(argv);
    int viewCount = Math.min(500, args.atLeast("views", 1));
    Path repo = Path.of(args.string("repo")).toAbsolutePath().normalize();
    double sdkGzipKb = sdkGzipKb(repo);
    String qoeClasspath = qoeJobClasspath(repo);
    Path work = BenchProcesses.workDir("freshness");
    KafkaBroker broker = null;
    Process qoeJob = null;
    int exit = 0;
    try (ServingSetup serving = ServingSetup.create("freshness", ServingSetup.Postgres.of(args), 4,
        UUID.randomUUID() + "-" + UUID.randomUUID(), "")) {
      step("start a Kafka broker");
      broker = new KafkaBroker(work.resolve("kafka"), BenchProcesses.freePort(), BenchProcesses.freePort(), "768m");
      broker.start(false, Duration.ofSeconds(90));
      broker.createTopics();
      String bootstrap = broker.bootstrapServers();

      step("start ingest-api");
      KeyPair keys = DevKeys.generate();
      DevKeys.write(keys, "bench-1", work);
      int ingestPort = BenchProcesses.freePort();
      IngestBenchmark.startIngest(work, ingestPort, BenchProcesses.freePort(), bootstrap);
      PlaybackTokenMinter minter = new PlaybackTokenMinter(keys.getPrivate(), "bench-1", PlaybackTokenClaims.ISSUER,
          PlaybackTokenClaims.AUDIENCE, Duration.ofHours(2), Clock.systemUTC());

      step("start serving-api with an analyst");
      String password = "bench-analyst-" + UUID.randomUUID();
      Path passwordFile = Files.writeString(serving.dir().resolve("analyst.password"), password + "\n");
      serving.command("admin-create", "admin", "create", "--email", "analyst@bench.local", "--role", "analyst",
          "--password-file", passwordFile.toString());
      serving.start(serving.serverCommand("768m", ""));
      String analyst = new ServingClient(URI.create(serving.base())).logIn("analyst@bench.local", password, "bench");

      step("start the QoE job (writes qoe_view into serving-api's database)");
      int health = BenchProcesses.freePort();
      qoeJob = startQoeJob(qoeClasspath, work, bootstrap, serving, health);
      BenchProcesses.awaitHealthy("http://127.0.0.1:" + health + "/healthcheck", qoeJob, Duration.ofSeconds(180));

      step("play " + viewCount + " views in real time over " + args.string("arrival") + " s, polling the dashboard every "
          + args.string("poll-ms") + " ms");
      Instant start = Instant.now().plusSeconds(3);
      List<SimulatedView> views = new FleetSimulator(SimulatorConfig.defaults(args.longValue("seed"), viewCount)
          .withStart(start).withArrivalWindow(Duration.ofSeconds(args.atLeast("arrival", 1)))
          .withMeanWatch(Duration.ofSeconds(args.atLeast("watch", 1)))).views().toList();
      Map<String, Long> latencies = play(views, minter, "http://127.0.0.1:" + ingestPort, serving.base(), analyst,
          start.minus(Duration.ofMinutes(1)), args.atLeast("poll-ms", 10));

      Latencies histogram = new Latencies();
      latencies.values().forEach(ms -> histogram.recordNanos(TimeUnit.MILLISECONDS.toNanos(ms)));
      long ended = views.stream().filter(FreshnessBenchmark::endsWithViewEnd).count();
      System.out.printf("views ended: %d, seen ended on the dashboard: %d; freshness p50 %.2f s, p95 %.2f s, max %.2f s%n",
          ended, latencies.size(), histogram.percentileMs(50) / 1000, histogram.percentileMs(95) / 1000,
          histogram.maxMs() / 1000);
      if (latencies.size() < ended) {
        throw new IllegalStateException((ended - latencies.size()) + " ended views never showed on the dashboard");
      }
      BenchLine.of("freshness").put("e2e_p50_s", histogram.percentileMs(50) / 1000, 2)
          .put("e2e_p95_s", histogram.percentileMs(95) / 1000, 2).put("sdk_gzip_kb", sdkGzipKb, 2).print();
    } catch (Exception e) {
      System.err.println("benchmark failed: " + e);
      e.printStackTrace();
      exit = 1;
    } finally {
      if (qoeJob != null) {
        qoeJob.destroyForcibly();
      }
      if (broker != null) {
        broker.kill();
      }
      BenchProcesses.deleteRecursively(work);
    }
    System.exit(exit); // the in-process ingest-api has non-daemon threads
  }

  /**
   * Sends every view's batches at the time of their newest event and polls the dashboard until every ended view was
   * listed ended; session id → milliseconds from the start of its last batch's POST to the answer that listed it.
   */
  private static Map<String, Long> play(List<SimulatedView> views, PlaybackTokenMinter minter, String ingest,
      String serving, String analyst, Instant from, int pollMs) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, Long> lastBatchSentNanos = new ConcurrentHashMap<>();
    Map<String, Long> seen = new TreeMap<>();
    AtomicLong failures = new AtomicLong();
    ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
    Instant latestEnd = Instant.now();
    int measured = 0;
    try {
      for (SimulatedView view : views) {
        String token = minter.mint(view);
        List<List<PlaybackEvent>> batches = batches(view);
        for (int i = 0; i < batches.size(); i++) {
          List<PlaybackEvent> batch = batches.get(i);
          Instant due = batch.get(batch.size() - 1).getClientTs();
          latestEnd = due.isAfter(latestEnd) ? due : latestEnd;
          boolean last = i == batches.size() - 1 && endsWithViewEnd(view);
          measured += last ? 1 : 0;
          byte[] body = EventJson.array(batch).getBytes(StandardCharsets.UTF_8);
          long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
          senders.schedule(() -> {
            if (last) {
              lastBatchSentNanos.put(view.sessionId(), System.nanoTime());
            }
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/events"))
                  .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() / 100 != 2) {
                failures.incrementAndGet();
                System.err.println("ingest-api answered " + r.statusCode() + ": " + r.body());
              }
            } catch (Exception e) {
              failures.incrementAndGet();
              System.err.println("posting to ingest-api failed: " + e);
            }
          }, delay, TimeUnit.MILLISECONDS);
        }
      }
      // the dashboard's list, newest first, as the page asks it
      String list = serving + "/v1/dashboard/views?limit=500&from="
          + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8);
      long deadline = System.nanoTime() + Duration.between(Instant.now(), latestEnd).plusSeconds(90).toNanos();
      while (seen.size() < measured && System.nanoTime() < deadline) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(list))
            .header("Authorization", "Bearer " + analyst).build(), HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (r.statusCode() != 200) {
          throw new IllegalStateException("GET /v1/dashboard/views answered " + r.statusCode() + ": " + r.body());
        }
        for (JsonNode v : JSON.readTree(r.body()).path("views")) {
          String id = v.path("sessionId").asText();
          Long sent = lastBatchSentNanos.get(id);
          if (sent != null && !seen.containsKey(id) && !v.path("viewEnd").isNull()) {
            seen.put(id, TimeUnit.NANOSECONDS.toMillis(answered - sent));
          }
        }
        Thread.sleep(pollMs);
      }
      if (failures.get() > 0) {
        throw new IllegalStateException(failures.get() + " posts to ingest-api failed (above)");
      }
      return seen;
    } finally {
      senders.shutdownNow();
    }
  }

  /** The SDK's flushes: one batch per 10 s of the view's player time, the last one with its final event. */
  static List<List<PlaybackEvent>> batches(SimulatedView view) {
    Instant start = view.startTs();
    Map<Long, List<PlaybackEvent>> byFlush = new TreeMap<>();
    for (PlaybackEvent e : view.events()) {
      long flush = Duration.between(start, e.getClientTs()).toMillis() / SDK_FLUSH.toMillis();
      byFlush.computeIfAbsent(flush, k -> new ArrayList<>()).add(e);
    }
    return new ArrayList<>(byFlush.values());
  }

  static boolean endsWithViewEnd(SimulatedView view) {
    return view.events().get(view.events().size() - 1).getEventType() == EventType.VIEW_END;
  }

  private static Process startQoeJob(String classpath, Path work, String bootstrap, ServingSetup serving, int health)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-cp", classpath, "io.ottplatform.stream.QoeJobMain",
        "--set", "group-id=bench-freshness", "--set", "transactional-id-prefix=bench-freshness",
        "--set", "parallelism=1", "--set", "health.port=" + health));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("qoe-job.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OTT_"));
    pb.environment().putAll(Map.of("OTT_HOME", work.toString(), "OTT_KAFKA_BOOTSTRAP", bootstrap,
        "OTT_DB_URL", serving.dbUrl(), "OTT_DB_USER", serving.postgres().user(),
        "OTT_DB_PASSWORD", serving.postgres().password()));
    return pb.start();
  }

  /** stream-jobs/qoe-job's classes and the runtime classpath its build writes (Flink never joins this JVM). */
  private static String qoeJobClasspath(Path repo) throws Exception {
    Path target = repo.resolve("stream-jobs/qoe-job/target");
    Path file = target.resolve("qoe-job.classpath");
    if (!Files.isRegularFile(file) || !Files.isDirectory(target.resolve("classes"))) {
      throw new IllegalStateException("no build of the QoE job at " + target
          + " (mvn -o -q -pl stream-jobs/qoe-job -am install -DskipTests writes classes/ and qoe-job.classpath)");
    }
    return target.resolve("classes") + java.io.File.pathSeparator + Files.readString(file).trim();
  }

  /** The script-tag build's min+gzip size as player-sdk's build measured it. */
  private static double sdkGzipKb(Path repo) throws Exception {
    Path size = repo.resolve("player-sdk/dist/size.json");
    if (!Files.isRegularFile(size)) {
      throw new IllegalStateException("no " + size + " (the player-sdk build writes it: mvn -pl player-sdk package)");
    }
    return JSON.readTree(size.toFile()).path("ott-player-sdk.iife.js").path("min_gzip_bytes").asDouble() / 1024;
  }
}
