package io.ottplatform.batch.impressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.TestLake;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.land.KafkaOffsets;
import io.ottplatform.batch.land.OffsetLedger;
import io.ottplatform.lake.Lake;
import io.ottplatform.schemas.avro.RecommendationImpression;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code land-impressions} against a real broker and the real PostgreSQL catalog: impressions (one redelivered, as
 * the outbox relay may) land once each, by served day; a later batch of one new impression and redeliveries of
 * landed ones adds only the new one; a batch of redeliveries only adds nothing and still moves the offsets.
 */
class LandImpressionsIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir static Path warehouse;

  static final Map<String, Integer> SPLIT = Map.of("candidate", 10, "control", 90);
  static final RecommendationImpression I1 = impression("imp-1", "p1", "control", "2026-12-01T23:59:00Z", "t1", "t2");
  static final RecommendationImpression I2 = impression("imp-2", "p2", "candidate", "2026-12-02T00:01:00Z", "t3");
  static final RecommendationImpression I3 = impression("imp-3", "p1", "control", "2026-12-02T08:00:00Z", "t2", "t4");
  static final RecommendationImpression I4 = impression("imp-4", "p3", "control", "2026-12-03T08:00:00Z", "t5");

  static BatchConfig config;
  static SparkSession spark;

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

  static RecommendationImpression impression(String id, String profile, String arm, String at, String... titles) {
    return RecommendationImpression.newBuilder().setImpressionId(id).setServedAt(Instant.parse(at)).setProfileId(profile)
        .setSurface("for_you").setArm(arm).setModelVersion("run-" + arm).setExperimentId("exp-1234")
        .setSplit(SPLIT).setTitleIds(List.of(titles)).build();
  }

  static void produce(RecommendationImpression... impressions) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    var topic = Topics.RECOMMENDATION_IMPRESSIONS;
    try (KafkaProducer<String, RecommendationImpression> producer = new KafkaProducer<>(p, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      for (RecommendationImpression i : impressions) {
        producer.send(new ProducerRecord<>(topic.name(), i.getProfileId(), i));
      }
      producer.flush();
    }
  }

  static LandImpressionsJob.Result land() {
    return new BatchRunner(spark, config, Clock.systemUTC()).landImpressions();
  }

  static List<String> rows() {
    List<String> out = new ArrayList<>();
    for (Row r : spark.sql("SELECT impression_id, served_date, served_at, profile_id, arm, model_version, experiment_id, "
        + "split['control'], split['candidate'], array_join(title_ids, '|') FROM " + config.table(LandImpressionsJob.TABLE)
        + " ORDER BY impression_id").collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        cells.add(String.valueOf(r.get(i)));
      }
      out.add(String.join(" ", cells));
    }
    return out;
  }

  @Test
  void impressionsLandOnceEachByServedDayWhateverTheRedeliveries() {
    // a first run before any impression was served (./ott demo's, once failed on a MERGE over no days)
    LandImpressionsJob.Result empty = land();
    assertThat(empty.records()).isZero();
    assertThat(rows()).isEmpty();

    produce(I1, I2, I2, I3);
    LandImpressionsJob.Result first = land();

    assertThat(first.records()).isEqualTo(4);
    assertThat(first.inserted()).isEqualTo(3);
    assertThat(rows()).containsExactly(
        "imp-1 2026-12-01 2026-12-01T23:59 p1 control run-control exp-1234 90 10 t1|t2",
        "imp-2 2026-12-02 2026-12-02T00:01 p2 candidate run-candidate exp-1234 90 10 t3",
        "imp-3 2026-12-02 2026-12-02T08:00 p1 control run-control exp-1234 90 10 t2|t4");
    Table table = Lake.table(spark, config.lake(), LandImpressionsJob.TABLE);
    assertThat(table.spec().fields()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("served_date"));
    assertThat(OffsetLedger.committed(table, LandImpressionsJob.TOPIC).total()).isEqualTo(4);

    produce(I1, I4, I3);
    LandImpressionsJob.Result second = land();

    assertThat(second.from()).isEqualTo(first.to());
    assertThat(second.records()).isEqualTo(3);
    assertThat(second.inserted()).as("only imp-4 is new").isEqualTo(1);
    assertThat(rows()).hasSize(4).last().asString().startsWith("imp-4 2026-12-03");

    produce(I2);
    LandImpressionsJob.Result redeliveredOnly = land();

    assertThat(redeliveredOnly.inserted()).isZero();
    KafkaOffsets after = OffsetLedger.committed(Lake.table(spark, config.lake(), LandImpressionsJob.TABLE),
        LandImpressionsJob.TOPIC);
    assertThat(after.total()).as("offsets moved past the redelivery").isEqualTo(8);
    assertThat(rows()).hasSize(4);

    LandImpressionsJob.Result nothing = land();
    assertThat(nothing.records()).isZero();
    assertThat(nothing.from()).isEqualTo(after);
  }
}
