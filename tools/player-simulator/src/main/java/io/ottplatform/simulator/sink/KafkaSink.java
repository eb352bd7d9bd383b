package io.ottplatform.simulator.sink;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topic;
import io.ottplatform.simulator.SimulatedView;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces simulated events straight to the events topic, as fast as the broker takes them, with the
 * producer settings ingest-api uses (idempotent, acks=all, lz4). For pre-filling benchmark topics.
 */
public final class KafkaSink {

  private final String bootstrap;
  private final Topic<String, PlaybackEvent> topic;
  private final PrintStream out;

  public KafkaSink(String bootstrap, Topic<String, PlaybackEvent> topic, PrintStream out) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.out = out;
  }

  public static Properties producerProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    return p;
  }

  /** Produces the events of {@code views} until {@code maxEvents} are sent; returns how many were acknowledged. */
  public long produce(Iterator<SimulatedView> views, long maxEvents) {
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Progress progress = new Progress(out, 2_000);
    long sent = 0;
    try (KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(producerProperties(bootstrap),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      while (sent < maxEvents && views.hasNext() && failure.get() == null) {
        for (PlaybackEvent e : views.next().events()) {
          if (sent == maxEvents) {
            break;
          }
          producer.send(new ProducerRecord<>(topic.name(), e.getSessionId(), e), (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else {
              acked.incrementAndGet();
            }
          });
          sent++;
        }
        progress.maybePrint(acked.get(), "events acknowledged", () -> "");
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Kafka refused an event after " + acked.get() + " acknowledged: "
          + failure.get().getMessage(), failure.get());
    }
    progress.print(acked.get(), "events acknowledged", "done, topic " + topic.name());
    return acked.get();
  }
}
