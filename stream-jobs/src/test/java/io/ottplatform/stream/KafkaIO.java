package io.ottplatform.stream;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topic;
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
import java.util.concurrent.TimeUnit;
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

  public static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, partitions, (short) 1));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
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
   * Produces every event, in order, and fails the test if they cannot be delivered. The test broker
   * has twice stalled one partition for minutes (once on an idle machine), so that some records'
   * delivery timed out. Sending only those again would append them after later events, where the
   * job rightly treats them as late and the test loses views; so the topic is deleted, created again
   * with the same partitions, and the whole list is produced again, in order.
   */
  public static void produce(String bootstrap, String topic, Collection<PlaybackEvent> events) {
    List<PlaybackEvent> all = List.copyOf(events);
    for (int attempt = 1; ; attempt++) {
      int timedOut = sendAll(bootstrap, topic, all).size();
      if (timedOut == 0) {
        return;
      }
      if (attempt == 3) {
        throw new IllegalStateException("could not produce the test events to " + topic + " in 3 attempts ("
            + timedOut + " deliveries timed out in the last)");
      }
      System.err.printf("KafkaIO: %d of %d deliveries to %s timed out; producing them all again into a fresh topic%n",
          timedOut, all.size(), topic);
      recreate(bootstrap, topic);
    }
  }

  private static void recreate(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(topic).partitions().size();
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          // the deletion completes asynchronously: creating the name again fails until it has
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(500);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while re-creating " + topic, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not re-create " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Sends the events; returns those whose delivery timed out, in their original order. */
  private static List<PlaybackEvent> sendAll(String bootstrap, String topic, List<PlaybackEvent> events) {
    Topic<String, PlaybackEvent> t = Topics.PLAYBACK_EVENTS;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // a stalled partition costs 30 s rather than the default 2 minutes before the retry above
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    List<PlaybackEvent> failed = new ArrayList<>();
    try (KafkaProducer<String, PlaybackEvent> producer =
             new KafkaProducer<>(p, t.keySerde().serializer(), t.valueSerde().serializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (PlaybackEvent e : events) {
        sent.add(producer.send(new ProducerRecord<>(topic, e.getSessionId(), e)));
      }
      producer.flush();
      // a send that failed for another reason must fail the test here, not show up later as views
      // missing from the job's output
      for (int i = 0; i < sent.size(); i++) {
        try {
          sent.get(i).get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
            throw new IllegalStateException("could not produce the test events to " + topic + ": " + e.getMessage(), e);
          }
          failed.add(events.get(i));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing the test events to " + topic, e);
    }
    return failed;
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
