package io.ottplatform.e2e.sdk;

import static org.awaitility.Awaitility.await;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** What ingest-api wrote to {@code playback.events} for one session, read from the beginning of the topic. */
public final class SessionEvents {

  private SessionEvents() {}

  /** The events of {@code sessionId} in Kafka order, once {@code last} has arrived (60 s at most). */
  public static List<PlaybackEvent> read(String bootstrapServers, String sessionId, Predicate<PlaybackEvent> last) {
    List<PlaybackEvent> found = new ArrayList<>();
    try (KafkaConsumer<String, PlaybackEvent> consumer = fromTheBeginning(bootstrapServers)) {
      await("the events of " + sessionId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> {
            for (ConsumerRecord<String, PlaybackEvent> r : consumer.poll(Duration.ofMillis(300))) {
              if (sessionId.equals(r.key())) {
                found.add(r.value());
              }
            }
            return found.stream().anyMatch(last);
          });
    }
    return found;
  }

  private static KafkaConsumer<String, PlaybackEvent> fromTheBeginning(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, PlaybackEvent> consumer = new KafkaConsumer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().deserializer(), Topics.PLAYBACK_EVENTS.valueSerde().deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLAYBACK_EVENTS.name()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
