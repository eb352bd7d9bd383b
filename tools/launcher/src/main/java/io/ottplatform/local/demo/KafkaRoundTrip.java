package io.ottplatform.local.demo;

import io.ottplatform.local.PlatformException;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.io.PrintStream;
import java.time.Instant;
import io.ottplatform.schemas.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Produces contract records to a topic and reads exactly those back: the smallest proof the pipe works. */
public final class KafkaRoundTrip {

  private KafkaRoundTrip() {}

  /**
   * A sample view ({@link SampleSession}) that happened at {@code at}, produced to {@code playback.events}
   * and read back, each event printed; fails when what comes back differs from what went in.
   */
  public static void printed(String bootstrap, Instant at, PrintStream out) {
    String session = "demo-" + UUID.randomUUID();
    List<PlaybackEvent> events = SampleSession.events(session, at);
    out.println("producing " + events.size() + " PlaybackEvents of view " + session + " to " + Topics.PLAYBACK_EVENTS.name());
    List<PlaybackEvent> read = run(bootstrap, Topics.PLAYBACK_EVENTS, events);
    for (PlaybackEvent e : read) {
      out.printf("  read  seq=%d %-15s playhead=%-6s bitrate=%s%n",
          e.getSequence(), e.getEventType(), e.getPlayheadMs(), e.getBitrateKbps());
    }
    if (!read.equals(events)) {
      throw new PlatformException("the events read back differ from those produced");
    }
    out.println("read back all " + read.size() + " events, identical to those produced");
  }

  public static List<PlaybackEvent> run(String bootstrap, Topic<String, PlaybackEvent> topic, List<PlaybackEvent> events) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    List<RecordMetadata> written = new ArrayList<>();
    try (KafkaProducer<String, PlaybackEvent> producer =
        new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (PlaybackEvent e : events) {
        written.add(producer.send(new ProducerRecord<>(topic.name(), e.getSessionId(), e)).get());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce to " + topic.name() + " on " + bootstrap + ": " + e.getMessage(), e);
    }

    Map<TopicPartition, List<Long>> offsets = written.stream().collect(Collectors.groupingBy(
        m -> new TopicPartition(m.topic(), m.partition()), Collectors.mapping(RecordMetadata::offset, Collectors.toList())));
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "ott-roundtrip-" + UUID.randomUUID());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<PlaybackEvent> read = new ArrayList<>();
    try (KafkaConsumer<String, PlaybackEvent> consumer =
        new KafkaConsumer<>(c, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.assign(offsets.keySet());
      offsets.forEach((tp, list) -> consumer.seek(tp, list.stream().min(Long::compare).orElseThrow()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < events.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, PlaybackEvent> r : consumer.poll(Duration.ofMillis(200))) {
          if (offsets.get(new TopicPartition(r.topic(), r.partition())).contains(r.offset())) {
            read.add(r.value());
          }
        }
      }
    }
    if (read.size() != events.size()) {
      throw new IllegalStateException("produced " + events.size() + " events to " + topic.name() + " but read back " + read.size());
    }
    return read;
  }
}
