package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.schemas.avro.RecommendationImpression;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every recommendations answer travels rec_impressions (the outbox) → relay → the real broker's
 * recommendations.impressions as the contract's Avro record, with the arm configuration that served it: the
 * experiment id and the split, which the lake's experiment report needs for its sample-ratio check.
 */
class ImpressionRelayIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(3) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir(),
      ConfigOverride.config("outbox.bootstrapServers", KAFKA::bootstrapServers),
      ConfigOverride.config("outbox.pollInterval", "100 milliseconds"),
      ConfigOverride.config("recommendations.armsRefresh", "100 milliseconds"),
      ConfigOverride.config("recommendations.catalogPoll", "100 milliseconds"),
      ConfigOverride.config("recommendations.impressionFlush", "50 milliseconds"));

  private static Api de;
  private static Session viewer;

  @BeforeAll
  static void catalogAndArms() throws Exception {
    ServingApp.migrate(APP);
    de = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    Session admin = de.adminLogin("admin@example.com", "cms");
    for (String name : List.of("one", "two", "three")) {
      Reply created = de.post("/v1/admin/titles", admin.accessToken(),
          Api.title("movie", name, "ALL", List.of("Drama"), Api.openIn("DE")));
      assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    }
    sql("INSERT INTO rec_models (model_version, run_id, algorithm, metric_name, metric_value) VALUES "
        + "('v1', 'run-1', 'als', 'ndcg_at_10', 0.3), ('v2', 'run-2', 'ease', 'ndcg_at_10', 0.35)");
    sql("INSERT INTO rec_serving_arms (arm, model_version, traffic_percent) VALUES ('candidate', 'v2', 10), "
        + "('control', 'v1', 90)");
    viewer = de.withProfile(de.signUpAndLogin("viewer@example.com", "tv"), "Viewer", false);
    await("catalog and arms loaded").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> recs().json().path("items").size() == 3 && !recs().text("arm").equals("none"));
  }

  static Reply recs() {
    Reply r = de.get("/v1/recommendations?profileId=" + viewer.profileId() + "&limit=10", viewer.accessToken());
    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    return r;
  }

  /** The definition, written out independently: SHA-256 of "arm=version:buckets;" in arm order, 12 hex digits. */
  static String experimentId(String canonical) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
    return "exp-" + HexFormat.of().formatHex(digest).substring(0, 12);
  }

  @Test
  void anAnswerIsRelayedAsAnImpressionWithItsExperimentAndSplit() throws Exception {
    Reply answer = recs();
    String requestId = answer.text("requestId");
    List<String> shown = StreamSupport.stream(answer.json().path("items").spliterator(), false)
        .map(i -> i.path("id").asText()).toList();

    ConsumerRecord<String, RecommendationImpression> relayed = awaitImpression(requestId);

    RecommendationImpression i = relayed.value();
    assertThat(relayed.key()).as("keyed by profile").isEqualTo(viewer.profileId());
    assertThat(i.getProfileId()).isEqualTo(viewer.profileId());
    assertThat(i.getSurface()).isEqualTo("for_you");
    assertThat(i.getArm()).isEqualTo(answer.text("arm"));
    assertThat(i.getModelVersion()).isEqualTo(answer.text("modelVersion"));
    assertThat(i.getTitleIds()).containsExactlyElementsOf(shown);
    assertThat(i.getSplit()).isEqualTo(Map.of("candidate", 10, "control", 90));
    assertThat(i.getExperimentId()).isEqualTo(experimentId("candidate=v2:10;control=v1:90;"));
    try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement(
        "SELECT sent_at IS NOT NULL FROM rec_impressions WHERE request_id = ?")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("marked sent").isTrue();
      }
    }
  }

  private static ConsumerRecord<String, RecommendationImpression> awaitImpression(String impressionId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    var topic = Topics.RECOMMENDATION_IMPRESSIONS;
    try (KafkaConsumer<String, RecommendationImpression> consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ConsumerRecord<String, RecommendationImpression>[] found = new ConsumerRecord[1];
      await("impression " + impressionId + " on " + topic.name()).atMost(Duration.ofSeconds(20)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value().getImpressionId().equals(impressionId)) {
            found[0] = r;
          }
        });
        return found[0] != null;
      });
      return found[0];
    }
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement(statement)) {
      s.executeUpdate();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ott-origin-impressions-");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
