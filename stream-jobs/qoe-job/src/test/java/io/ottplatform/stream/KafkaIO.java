package io.ottplatform.stream;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topic;
import io.ottplatform.schemas.kafka.TopicCreation;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test helpers over a real broker: create topics, produce events, read a topic's committed records. */
public final class KafkaIO {

  private KafkaIO() {}

  /** Creates the topics and returns once their partitions accept writes ({@link TopicCreation}). */
  public static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, partitions, (short) 1));
      }
      TopicCreation.create(admin, topics, Duration.ofSeconds(30));
    }
  }

  /**
   * Interleaves views the way a fleet's events reach Kafka: by ingest time ({@code server_ts}), each
   * view's events keeping their listed order (an event listed after a later one arrives with it).
   */
  public static List<PlaybackEvent> inArrivalOrder(Collection<List<PlaybackEvent>> views) {
    record Arrival(long at, int index, PlaybackEvent event) {}
    List<Arrival> all = new ArrayList<>();
    for (List<PlaybackEvent> view : views) {
      long at = Long.MIN_VALUE;
      for (PlaybackEvent e : view) {
        at = Math.max(at, e.getServerTs().toEpochMilli());
        all.add(new Arrival(at, all.size(), e));
      }
    }
    all.sort(java.util.Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::index));
    return all.stream().map(Arrival::event).toList();
  }

  /**
   * Produces every event, in order, and fails the test if one cannot be delivered: a send that failed
   * must fail the test here, not show up later as views missing from the job's output.
   */
  public static void produce(String bootstrap, String topic, Collection<PlaybackEvent> events) {
    Topic<String, PlaybackEvent> t = Topics.PLAYBACK_EVENTS;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<String, PlaybackEvent> producer =
             new KafkaProducer<>(p, t.keySerde().serializer(), t.valueSerde().serializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (PlaybackEvent e : events) {
        sent.add(producer.send(new ProducerRecord<>(topic, e.getSessionId(), e)));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not produce the test events to " + topic + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing the test events to " + topic, e);
    }
  }

  /** Every committed record of {@code topic} (read_committed), key and value, up to its end at call time. */
  public static <T extends SpecificRecord> List<Map.Entry<String, T>> readCommitted(String bootstrap, String topic,
      Class<T> type) {
    AvroSerde<T> serde = AvroSerde.of(type);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    List<Map.Entry<String, T>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 60_000;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(Map.entry(r.key(), serde.decode(r.value())));
        }
      }
    }
    return out;
  }
}
