package io.ottplatform.simulator.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaSinkIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void producesExactlyTheAskedNumberOfSimulatedEventsKeyedBySession() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    long acked = new KafkaSink(KAFKA.bootstrapServers(), Topics.PLAYBACK_EVENTS, new PrintStream(log, true))
        .produce(new FleetSimulator(SimulatorConfig.defaults(4, 2_000)).views().iterator(), 20_000);

    assertThat(acked).isEqualTo(20_000);
    assertThat(log.toString()).contains("20,000 events acknowledged");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<String, PlaybackEvent> consumer = new KafkaConsumer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().deserializer(), Topics.PLAYBACK_EVENTS.valueSerde().deserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.PLAYBACK_EVENTS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.currentTimeMillis() + 30_000;
      while (ids.size() < 20_000 && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          assertThat(r.key()).isEqualTo(r.value().getSessionId());
          ids.add(r.value().getEventId());
        });
      }
    }
    assertThat(ids).hasSize(20_000);
  }
}
