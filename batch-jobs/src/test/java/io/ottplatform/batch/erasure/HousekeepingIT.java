package io.ottplatform.batch.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.TestLake;
import io.ottplatform.batch.TestViews;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.impressions.LandImpressionsJob;
import io.ottplatform.batch.land.LandEventsJob;
import io.ottplatform.batch.maintenance.MaintenanceJob;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.schemas.avro.RecommendationImpression;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance and erasure over a lake filled by the real landing and sessionize jobs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HousekeepingIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir static Path warehouse;

  static final LocalDate DAY = LocalDate.parse("2026-11-22");
  static BatchConfig config;
  static SparkSession spark;

  @BeforeAll
  static void fillTheLake() {
    // the shortest durations there are: every unreferenced file and every older snapshot goes
    config = TestLake.config(DB, warehouse, KAFKA.bootstrapServers(), "maintain.orphan-age=1ms",
        "maintain.snapshot-retention=1ms").withDate(DAY);
    spark = TestLake.spark(config);
    // two small landings make small files; the erased viewer watches two titles, two others watch one
    String[][] viewers = {{"acc-x", "prof-x", "title-1"}, {"acc-y", "prof-y", "title-1"}, {"acc-x", "prof-x", "title-2"},
        {"acc-z", "prof-z", "title-2"}};
    for (int i = 0; i < viewers.length; i++) {
      TestLake.produce(KAFKA.bootstrapServers(), TestViews.view("hk-" + i).viewer(viewers[i][0], viewers[i][1])
          .title(viewers[i][2]).at(Instant.parse("2026-11-22T10:00:00Z").plusSeconds(600L * i))
          .plays(Duration.ofSeconds(40)).events());
      if (i == 2) {
        // an undecodable record keyed by the erased viewer's session
        TestLake.produceRaw(KAFKA.bootstrapServers(), "hk-2", "\u00c3garbage".getBytes(StandardCharsets.UTF_8));
      }
      // the viewers were shown recommendations before they watched: two landings, so small files here too
      produceImpression("imp-" + i, viewers[i][1], Instant.parse("2026-11-22T09:00:00Z").plusSeconds(600L * i));
      if (i % 2 == 1) {
        new BatchRunner(spark, config, Clock.systemUTC()).land();
        new BatchRunner(spark, config, Clock.systemUTC()).landImpressions();
      }
    }
    new BatchRunner(spark, config, Clock.systemUTC()).sessionize();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  static void produceImpression(String id, String profile, Instant at) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    var topic = Topics.RECOMMENDATION_IMPRESSIONS;
    try (KafkaProducer<String, RecommendationImpression> producer = new KafkaProducer<>(p, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), profile, RecommendationImpression.newBuilder().setImpressionId(id)
          .setServedAt(at).setProfileId(profile).setSurface("for_you").setArm("control").setModelVersion("none")
          .setExperimentId(null).setSplit(Map.of("control", 100)).setTitleIds(List.of("title-1", "title-2")).build()));
      producer.flush();
    }
  }

  static long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  static String t(String table) {
    return config.table(table);
  }

  @Test
  @Order(1)
  void maintenanceCompactsSmallFilesOfEveryTableKeepsTheDataAndLandingResumesWhereItWas() {
    long rows = count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS));
    long filesBefore = count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS) + ".files");
    assertThat(filesBefore).isGreaterThan(1);
    String impressions = t(LandImpressionsJob.TABLE);
    assertThat(count("SELECT count(*) FROM " + impressions)).isEqualTo(4);
    long impressionFilesBefore = count("SELECT count(*) FROM " + impressions + ".files");
    assertThat(impressionFilesBefore).as("two landings of one day").isGreaterThan(1);

    Map<String, MaintenanceJob.TableReport> reports = new BatchRunner(spark, config, Clock.systemUTC()).maintain();

    assertThat(reports.get(LakeTables.RAW_EVENTS).rewrittenFiles()).isEqualTo((int) filesBefore);
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS) + ".files")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS))).isEqualTo(rows);
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS) + ".snapshots"))
        .as("old snapshots expired").isLessThanOrEqualTo(5);

    LandEventsJob.Result again = new BatchRunner(spark, config, Clock.systemUTC()).land();
    assertThat(again.events()).as("the offsets survived compaction and expiry").isZero();
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS))).isEqualTo(rows);

    // ml.impressions is maintained as the others, and keeps its own topic's offsets
    assertThat(reports.get(LandImpressionsJob.TABLE).rewrittenFiles()).isEqualTo((int) impressionFilesBefore);
    assertThat(count("SELECT count(*) FROM " + impressions + ".files")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM " + impressions)).isEqualTo(4);
    assertThat(new BatchRunner(spark, config, Clock.systemUTC()).landImpressions().records())
        .as("the impressions' offsets survived compaction and expiry").isZero();
  }

  @Test
  @Order(2)
  void erasureLeavesNoRowOfTheErasedViewerInAnyTable() {
    long othersBefore = count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS) + " WHERE profile_id <> 'prof-x'");
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS) + " WHERE profile_id = 'prof-x'")).isPositive();
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.QUARANTINE) + " WHERE kafka_key = 'hk-2'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM " + t(LandImpressionsJob.TABLE) + " WHERE profile_id = 'prof-x'")).isEqualTo(2);

    Map<String, Long> proof = new BatchRunner(spark, config.withViewer("prof-x"), Clock.systemUTC()).erase();

    assertThat(proof).containsOnlyKeys(LakeTables.RAW_EVENTS, LakeTables.QUARANTINE, LakeTables.VIEW_SESSIONS,
        LakeTables.VIEWER_ACTIVITY_DAILY, LandImpressionsJob.TABLE).allSatisfy((table, left) -> assertThat(left).as(table).isZero());
    // checked again here, independently of the job's own proof
    for (String table : List.of(LakeTables.RAW_EVENTS, LakeTables.VIEW_SESSIONS, LakeTables.VIEWER_ACTIVITY_DAILY,
        LandImpressionsJob.TABLE)) {
      assertThat(count("SELECT count(*) FROM " + t(table) + " WHERE profile_id = 'prof-x'")).as(table).isZero();
    }
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.QUARANTINE) + " WHERE kafka_key IN ('hk-0', 'hk-2')")).isZero();
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS) + ".snapshots"))
        .as("no snapshot from before the erasure is left to time-travel to").isEqualTo(1);
    // the old data files that held the rows are gone from what the table references at all
    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS) + ".all_data_files WHERE readable_metrics.profile_id.lower_bound <= 'prof-x' "
        + "AND readable_metrics.profile_id.upper_bound >= 'prof-x'")).isZero();

    assertThat(count("SELECT count(*) FROM " + t(LandImpressionsJob.TABLE) + ".snapshots"))
        .as("no impressions snapshot from before the erasure").isEqualTo(1);
    assertThat(new BatchRunner(spark, config, Clock.systemUTC()).landImpressions().records())
        .as("land-impressions resumes after the erasure instead of landing the viewer's impressions again").isZero();
    assertThat(count("SELECT count(*) FROM " + t(LandImpressionsJob.TABLE) + " WHERE profile_id = 'prof-x'")).isZero();

    assertThat(count("SELECT count(*) FROM " + t(LakeTables.RAW_EVENTS))).as("other viewers untouched").isEqualTo(othersBefore);
    assertThat(count("SELECT count(*) FROM " + t(LandImpressionsJob.TABLE))).as("others' impressions untouched").isEqualTo(2);
    assertThat(count("SELECT views FROM " + t(LakeTables.TITLE_ENGAGEMENT_DAILY) + " WHERE title_id = 'title-1'"))
        .as("aggregates rebuilt without the viewer").isEqualTo(1);
    assertThat(count("SELECT sum(views) FROM " + t(LakeTables.QOE_DAILY) + " WHERE view_date = DATE '2026-11-22'")).isEqualTo(2);
  }
}
