package io.ottplatform.batch.land;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.batch.BatchJobs;
import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.TestLake;
import io.ottplatform.batch.TestViews;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Landing against a real broker and the real PostgreSQL catalog; the tests build on each other's offsets. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LandEventsIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir static Path warehouse;

  static BatchConfig config;
  static SparkSession spark;
  static int produced;

  @BeforeAll
  static void startSpark() {
    config = TestLake.config(DB, warehouse, KAFKA.bootstrapServers());
    spark = TestLake.spark(config);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  static List<PlaybackEvent> views(String prefix, int count) {
    List<PlaybackEvent> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.addAll(TestViews.view(prefix + i).viewer("acc-" + i, "prof-" + i).plays(Duration.ofSeconds(30)).events());
    }
    return all;
  }

  LandEventsJob.Result land() {
    return new BatchRunner(spark, config, Clock.systemUTC()).land();
  }

  static long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  static String raw() {
    return config.table(LakeTables.RAW_EVENTS);
  }

  @Test
  @Order(1)
  void landingTwiceFromTheSameOffsetsWritesEachEventOnce() {
    List<PlaybackEvent> events = views("s1-", 4);
    TestLake.produce(KAFKA.bootstrapServers(), events);
    TestLake.produceRaw(KAFKA.bootstrapServers(), "garbage-1", "not avro".getBytes(StandardCharsets.UTF_8));
    produced = events.size();

    LandEventsJob.Result first = land();
    assertThat(first.events()).isEqualTo(events.size());
    assertThat(first.quarantined()).isEqualTo(1);
    assertThat(first.to().total()).isEqualTo(events.size() + 1);
    long snapshotsAfterFirst = count("SELECT count(*) FROM " + raw() + ".snapshots");

    LandEventsJob.Result second = land();
    assertThat(second.from()).as("the rerun starts where the committed snapshot says").isEqualTo(first.to());
    assertThat(second.events()).isZero();
    assertThat(count("SELECT count(*) FROM " + raw() + ".snapshots")).as("nothing new, nothing committed")
        .isEqualTo(snapshotsAfterFirst);

    assertThat(count("SELECT count(*) FROM " + raw())).isEqualTo(events.size());
    assertThat(count("SELECT count(DISTINCT event_id) FROM " + raw())).isEqualTo(events.size());
    Row q = spark.sql("SELECT kafka_key, reason, value FROM " + config.table(LakeTables.QUARANTINE)).first();
    assertThat(q.getString(0)).isEqualTo("garbage-1");
    assertThat(q.getString(1)).contains("cannot decode PlaybackEvent");
    assertThat(new String((byte[]) q.get(2), StandardCharsets.UTF_8)).isEqualTo("not avro");

    Table table = Lake.table(spark, config.lake(), LakeTables.RAW_EVENTS);
    assertThat(table.currentSnapshot().summary().get(KafkaOffsets.summaryKey(config.topic())))
        .as("the offsets are in the same snapshot as the data").isEqualTo(first.to().encode());
    assertThat(spark.sql("SELECT DISTINCT event_date FROM " + raw()).collectAsList()).hasSize(1);
  }

  @Test
  @Order(2)
  void landingKilledBetweenDataWriteAndCommitLeavesTheTableConsistentAndTheNextRunCompletesIt() throws Exception {
    long before = count("SELECT count(*) FROM " + raw());
    List<PlaybackEvent> events = views("s2-", 3);
    TestLake.produce(KAFKA.bootstrapServers(), events);
    TestLake.produceRaw(KAFKA.bootstrapServers(), "garbage-2", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});

    Process child;
    try (Connection lock = DB.connect()) {
      // hold the catalog row of raw.playback_events: the landing writes its files, then blocks in its commit
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.executeQuery("SELECT * FROM iceberg_tables WHERE table_namespace = 'raw' AND table_name = 'playback_events' FOR UPDATE").close();
      }
      File log = warehouse.resolve("landing-child.log").toFile();
      child = startChildLanding(log);
      try {
        awaitCommitBlocked(child, log);
        assertThat(dataFilesOnDisk()).as("the killed run wrote data files").isGreaterThan(referencedDataFiles());
      } finally {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // the dead JVM's UPDATE is still queued in its server backend and would commit once the lock goes:
        // end it too, so the crash is one before the commit reached the catalog
        try (Statement s = lock.createStatement()) {
          s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
              + "AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE iceberg_tables%'");
        }
      }
      lock.rollback();
    }

    spark.sql("REFRESH TABLE " + raw());
    assertThat(count("SELECT count(*) FROM " + raw())).as("nothing of the killed run is visible").isEqualTo(before);
    assertThat(count("SELECT count(*) FROM " + config.table(LakeTables.QUARANTINE)))
        .as("the quarantine committed before the raw table did").isEqualTo(2);

    LandEventsJob.Result rerun = land();
    assertThat(rerun.events()).isEqualTo(events.size());
    assertThat(rerun.quarantined()).as("the bad record already quarantined is not quarantined again").isZero();
    assertThat(count("SELECT count(*) FROM " + raw())).isEqualTo(produced + events.size());
    assertThat(count("SELECT count(DISTINCT event_id) FROM " + raw())).isEqualTo(produced + events.size());
    assertThat(count("SELECT count(*) FROM (SELECT kafka_partition, kafka_offset FROM " + raw()
        + " GROUP BY 1, 2 HAVING count(*) > 1)")).isZero();
    assertThat(count("SELECT count(*) FROM " + config.table(LakeTables.QUARANTINE))).isEqualTo(2);
  }

  private Process startChildLanding(File log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+Ignore") || arg.startsWith("-Djdk.reflect") || arg.startsWith("-Dio.netty")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), BatchJobs.class.getName(), "land"));
    cmd.addAll(TestLake.args(DB, warehouse, KAFKA.bootstrapServers()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
  }

  private void awaitCommitBlocked(Process child, File log) throws Exception {
    try (Connection c = DB.connect(); Statement s = c.createStatement()) {
      await("the child landing blocked in its commit (log: " + log + ")").atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .failFast("the child landing died before its commit (log: " + log + ")", () -> !child.isAlive())
          .until(() -> {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE iceberg_tables%'")) {
              rs.next();
              return rs.getInt(1) > 0;
            }
          });
    }
  }

  private long dataFilesOnDisk() throws Exception {
    Path data = Path.of(Lake.table(spark, config.lake(), LakeTables.RAW_EVENTS).location().replace("file:", "")).resolve("data");
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  private long referencedDataFiles() {
    spark.sql("REFRESH TABLE " + raw());
    return count("SELECT count(*) FROM " + raw() + ".files");
  }


}
