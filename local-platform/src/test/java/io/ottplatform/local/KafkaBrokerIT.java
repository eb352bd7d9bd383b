package io.ottplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.local.demo.KafkaRoundTrip;
import io.ottplatform.local.demo.SampleSession;
import io.ottplatform.local.junit.KafkaBrokerExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  @Order(1)
  void createsEveryRegistryTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
    try (Admin admin = admin()) {
      Map<String, TopicDescription> topics = admin.describeTopics(
          Topics.ALL.stream().map(t -> t.name()).toList()).allTopicNames().get(10, TimeUnit.SECONDS);
      for (var topic : Topics.ALL) {
        assertThat(topics.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
      }
      var plans = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACCOUNT_PLANS.name());
      assertThat(admin.describeConfigs(List.of(plans)).all().get().get(plans).get("cleanup.policy").value())
          .isEqualTo("compact");
    }
    assertThat(KafkaBroker.createTopics(KAFKA.bootstrapServers(), Topics.ALL))
        .as("creating the topics again is harmless and creates nothing").isEmpty();
  }

  @Test
  @Order(2)
  void roundTripsPlaybackEventsThroughTheRealBroker() {
    List<PlaybackEvent> sent = SampleSession.events("it-session-1", Instant.parse("2026-11-25T20:00:00Z"));

    List<PlaybackEvent> read = KafkaRoundTrip.run(KAFKA.bootstrapServers(), Topics.PLAYBACK_EVENTS, sent);

    assertThat(read).containsExactlyElementsOf(sent);
  }

  @Test
  @Order(3)
  void keepsItsDataAcrossAStopAndRestartOnTheSamePorts() {
    List<PlaybackEvent> before = SampleSession.events("it-session-2", Instant.parse("2026-11-25T21:00:00Z"));
    KafkaRoundTrip.run(KAFKA.bootstrapServers(), Topics.PLAYBACK_EVENTS, before);

    KAFKA.stop();
    assertThat(KAFKA.broker().isHealthy()).isFalse();
    KAFKA.restart();

    assertThat(KAFKA.broker().isHealthy()).isTrue();
    List<PlaybackEvent> after = SampleSession.events("it-session-3", Instant.parse("2026-11-25T22:00:00Z"));
    assertThat(KafkaRoundTrip.run(KAFKA.bootstrapServers(), Topics.PLAYBACK_EVENTS, after)).containsExactlyElementsOf(after);
  }

  private static Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    return Admin.create(props);
  }
}
