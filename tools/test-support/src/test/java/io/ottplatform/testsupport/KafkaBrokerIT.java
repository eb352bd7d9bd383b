package io.ottplatform.testsupport;

import io.ottplatform.local.KafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.local.demo.KafkaRoundTrip;
import io.ottplatform.local.demo.SampleSession;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.TopicCreation;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

  /**
   * A producer that starts right after topic creation delivers everything. Without the wait in
   * {@link TopicCreation} this failed most rounds on Kafka 4.2: the first batch of a partition got
   * NOT_LEADER_OR_FOLLOWER, a later batch was written first, and the retried first batch was refused
   * as out of order until the delivery timeout expired it.
   */
  @Test
  @Order(4)
  void aProducerStartedRightAfterTopicCreationDeliversEverything() throws Exception {
    for (int round = 0; round < 4; round++) {
      String topic = "fresh-" + round;
      try (Admin admin = admin()) {
        TopicCreation.create(admin, List.of(new NewTopic(topic, 8, (short) 1)), Duration.ofSeconds(30));
      }
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
      p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      p.put(ProducerConfig.BATCH_SIZE_CONFIG, 16 * 1024);
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < 40_000; i++) {
          sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i % 512).getBytes(), new byte[100])));
        }
        producer.flush();
      }
      int failed = 0;
      for (Future<RecordMetadata> f : sent) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failed++;
        }
      }
      assertThat(failed).as("records of round %d whose delivery failed", round).isZero();
    }
  }

  private static Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    return Admin.create(props);
  }
}
