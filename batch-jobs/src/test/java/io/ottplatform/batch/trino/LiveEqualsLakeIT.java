package io.ottplatform.batch.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.TestLake;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.qoe.queries.LiveQoe;
import io.ottplatform.qoe.queries.LiveQoeQuery;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.testsupport.TrinoServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13: a closed hour's live figures equal the lake's for the same views. One fleet's events go to a real
 * broker once; the real QoE job (its own process, on its own module's classpath: Flink and Spark do not share one)
 * writes {@code qoe_minute}, read with the dashboard's query (libs/qoe-queries: ratios of summed numerators, the
 * merged startup sketch); the real land and sessionize jobs write the lake, read through a real Trino. Per CDN,
 * views, plays, failures, exits, stall and playing milliseconds must be equal, and so the ratios; the live
 * median startup must be the lake's median (the KLL sketch is exact for fewer than 200 values per CDN).
 */
@Timeout(600)
class LiveEqualsLakeIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final TrinoServerExtension TRINO = new TrinoServerExtension(DB);

  /** Long closed: no event of it can still arrive. */
  static final Instant HOUR = Instant.parse("2026-11-25T20:00:00Z");
  static final Instant HOUR_END = HOUR.plus(Duration.ofHours(1));
  /** The broker extension creates every registered topic with its registered partitions. */
  static final int PARTITIONS = Topics.PLAYBACK_EVENTS.partitions();
  /** Where batch-jobs finds the QoE job's build (reactor order: stream-jobs is built before batch-jobs). */
  static final Path QOE_JOB = Path.of("..", "stream-jobs", "qoe-job", "target");

  @TempDir Path ottHome;

  @Test
  void aClosedHoursLiveFiguresEqualTheLakesForTheSameViews() throws Exception {
    List<SimulatedView> fleet = new FleetSimulator(SimulatorConfig.defaults(13, 160)
        .withStart(HOUR.plus(Duration.ofMinutes(5))).withArrivalWindow(Duration.ofMinutes(20))
        .withMeanWatch(Duration.ofMinutes(4))).views().toList();
    // the hour's views: those wholly inside it (a view still playing at the hour's end belongs to both hours)
    List<SimulatedView> views = fleet.stream().filter(LiveEqualsLakeIT::insideTheHour).toList();
    assertThat(views).as("views wholly inside the hour").hasSizeGreaterThan(120);
    Map<String, Long> viewsPerCdn = views.stream().collect(Collectors.groupingBy(v -> v.events().get(0).getCdn(),
        TreeMap::new, Collectors.counting()));
    assertThat(viewsPerCdn).hasSizeGreaterThan(1).allSatisfy((cdn, n) -> assertThat(n).isLessThan(200));

    produce(views);
    try (ChildJvm job = startQoeJob()) {
      // every view has started and ended in the live minutes of the hour
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
        assertThat(job.isAlive()).as("the QoE job is running (log: %s)", ottHome.resolve("qoe-job.log")).isTrue();
        LiveQoe global = liveGlobal();
        assertThat(global.viewsStarted()).isEqualTo(views.size());
        assertThat(global.viewsEnded()).isEqualTo(views.size());
      });
      assertThat(job.terminate(60)).as("the job stops on SIGTERM").isNotEqualTo(-1);
    }
    Map<String, LiveQoe> live = live(QoeDimension.CDN);

    BatchConfig config = TestLake.config(DB, TRINO.warehouse(), KAFKA.bootstrapServers())
        .withDate(LocalDate.ofInstant(HOUR, ZoneOffset.UTC));
    SparkSession spark = TestLake.spark(config);
    try {
      BatchRunner runner = new BatchRunner(spark, config, Clock.systemUTC());
      runner.land();
      runner.sessionize();
    } finally {
      spark.stop();
    }
    Map<String, LakeHour> lake = lake();

    assertThat(lake.keySet()).isEqualTo(viewsPerCdn.keySet()).isEqualTo(live.keySet());
    for (String cdn : lake.keySet()) {
      LakeHour l = lake.get(cdn);
      LiveQoe v = live.get(cdn);
      assertThat(l.views()).as("lake views, %s", cdn).isEqualTo(viewsPerCdn.get(cdn));
      assertThat(v.viewsStarted()).as("views started, %s", cdn).isEqualTo(l.views());
      assertThat(v.viewsEnded()).as("views ended, %s", cdn).isEqualTo(l.views());
      assertThat(v.plays()).as("plays, %s", cdn).isEqualTo(l.plays());
      assertThat(v.videoStartFailures()).as("video start failures, %s", cdn).isEqualTo(l.startFailures());
      assertThat(v.videoPlaybackFailures()).as("video playback failures, %s", cdn).isEqualTo(l.playbackFailures());
      assertThat(v.exitsBeforeVideoStart()).as("exits before video start, %s", cdn).isEqualTo(l.exitsBeforeStart());
      assertThat(v.rebufferDurationMs()).as("stall ms, %s", cdn).isEqualTo(l.stallMs());
      assertThat(v.playingTimeMs()).as("playing ms, %s", cdn).isEqualTo(l.playingMs());
      assertThat(v.rebufferingRatio()).as("rebuffering ratio, %s", cdn).isEqualTo(l.rebufferingRatio());
      // the exact median of the lake's startup times: one of the two middle values (conventions differ for even n)
      List<Long> startups = l.startupTimesMs();
      Double liveMedian = v.startupTimeMs(0.5);
      assertThat(liveMedian).as("live startup p50, %s", cdn).isNotNull();
      assertThat(List.of(startups.get((startups.size() - 1) / 2), startups.get(startups.size() / 2)))
          .as("lake's middle startup times, %s", cdn).contains(Math.round(liveMedian));
    }
  }

  private static boolean insideTheHour(SimulatedView v) {
    return v.events().stream().allMatch(e -> !e.getClientTs().isBefore(HOUR) && e.getClientTs().isBefore(HOUR_END)
        && (e.getServerTs() == null || (!e.getServerTs().isBefore(HOUR) && e.getServerTs().isBefore(HOUR_END))));
  }

  /**
   * The hour's events, then one event two hours later in every partition, after everything else there: the
   * fleet goes on, and its clock closes the hour's minutes (a real fleet never stops at once).
   */
  private static void produce(List<SimulatedView> views) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer())) {
      for (SimulatedView v : views) {
        for (PlaybackEvent e : v.events()) {
          producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), e.getSessionId(), e));
        }
      }
      producer.flush();
      PlaybackEvent last = views.get(views.size() - 1).events().get(0);
      Instant later = HOUR_END.plus(Duration.ofHours(2));
      for (int partition = 0; partition < PARTITIONS; partition++) {
        PlaybackEvent clock = PlaybackEvent.newBuilder(last).setSessionId("later-fleet-" + partition)
            .setEventId("later-fleet-" + partition).setClientTs(later).setServerTs(later).build();
        producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), partition, clock.getSessionId(), clock));
      }
      producer.flush();
    }
  }

  private ChildJvm startQoeJob() throws IOException {
    Path classpathFile = QOE_JOB.resolve("qoe-job.classpath");
    assertThat(classpathFile).as("the QoE job's build (mvn -pl stream-jobs/qoe-job package, or the whole reactor)")
        .exists();
    String classpath = QOE_JOB.resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
        + Files.readString(classpathFile).trim();
    return ChildJvm.start("io.ottplatform.stream.QoeJobMain", classpath, "768m", List.of(
            "--set", "group-id=live-equals-lake", "--set", "transactional-id-prefix=live-equals-lake",
            "--set", "parallelism=1", "--set", "checkpoint-interval=2s",
            // never the default 8096: a platform started by ./ott on the same machine holds it
            "--set", "health.port=" + freePort()),
        Map.of("OTT_HOME", ottHome.toString(), "OTT_KAFKA_BOOTSTRAP", KAFKA.bootstrapServers(),
            "OTT_DB_URL", DB.jdbcUrl(), "OTT_DB_USER", DB.user(), "OTT_DB_PASSWORD", DB.password() == null ? "" : DB.password()),
        ottHome.resolve("qoe-job.log"));
  }

  private static Map<String, LiveQoe> live(QoeDimension dimension) throws Exception {
    try (Connection c = DriverManager.getConnection(DB.jdbcUrl(), DB.user(), DB.password())) {
      return LiveQoeQuery.byDimension(c, dimension, HOUR, HOUR_END).stream()
          .collect(Collectors.toMap(LiveQoe::dimensionValue, q -> q, (a, b) -> a, TreeMap::new));
    } catch (java.sql.SQLException tablesNotYetMigrated) {
      return Map.of();
    }
  }

  private static LiveQoe liveGlobal() throws Exception {
    try (Connection c = DriverManager.getConnection(DB.jdbcUrl(), DB.user(), DB.password())) {
      return LiveQoeQuery.global(c, HOUR, HOUR_END);
    }
  }

  /** One CDN's hour in the lake, summed by Trino over the sessionized views. */
  record LakeHour(long views, long plays, long startFailures, long playbackFailures, long exitsBeforeStart,
      long stallMs, long playingMs, List<Long> startupTimesMs) {
    double rebufferingRatio() {
      return stallMs + playingMs == 0 ? 0.0 : (double) stallMs / (stallMs + playingMs);
    }
  }

  private static Map<String, LakeHour> lake() throws Exception {
    String range = "view_start_ts >= TIMESTAMP '2026-11-25 20:00:00' AND view_start_ts < TIMESTAMP '2026-11-25 21:00:00'";
    Map<String, LakeHour> hours = new TreeMap<>();
    try (Connection c = TRINO.connect(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("""
          SELECT cdn, count(*), count(startup_time_ms),
            count_if(video_start_failure), count_if(video_playback_failure), count_if(exit_before_video_start),
            sum(rebuffer_duration_ms), sum(playing_time_ms),
            array_sort(array_agg(startup_time_ms) FILTER (WHERE startup_time_ms IS NOT NULL))
          FROM lake.analytics.view_sessions
          """ + "WHERE " + range + " GROUP BY cdn")) {
        while (rs.next()) {
          List<Long> startups = new ArrayList<>();
          for (Object o : (Object[]) rs.getArray(9).getArray()) {
            startups.add(((Number) o).longValue());
          }
          hours.put(rs.getString(1), new LakeHour(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
              rs.getLong(6), rs.getLong(7), rs.getLong(8), startups));
        }
      }
    }
    return hours;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
