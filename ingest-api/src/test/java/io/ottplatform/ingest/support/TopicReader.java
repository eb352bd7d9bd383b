package io.ottplatform.ingest.support;

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
import org.awaitility.Awaitility;

/** Reads the events topic from the beginning, with the contract's serde. */
public final class TopicReader {

  private TopicReader() {}

  /** Every record read until {@code done} holds for what was read; fails when it does not within {@code timeout}. */
  public static List<ConsumerRecord<String, PlaybackEvent>> readUntil(String bootstrap,
      Predicate<List<ConsumerRecord<String, PlaybackEvent>>> done, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, PlaybackEvent>> read = new ArrayList<>();
    try (KafkaConsumer<String, PlaybackEvent> consumer = new KafkaConsumer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().deserializer(), Topics.PLAYBACK_EVENTS.valueSerde().deserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.PLAYBACK_EVENTS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      // each condition check is one poll (which itself waits up to 300 ms for records)
      Awaitility.await("records on " + Topics.PLAYBACK_EVENTS.name()).atMost(timeout).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1)).until(() -> {
            consumer.poll(Duration.ofMillis(300)).forEach(read::add);
            return done.test(read);
          });
    }
    return read;
  }
}
