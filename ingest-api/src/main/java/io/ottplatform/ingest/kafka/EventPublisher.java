package io.ottplatform.ingest.kafka;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.dropwizard.lifecycle.Managed;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a batch to the producer and completes when Kafka has acknowledged every event of it (or any
 * failed). Nothing blocks on the way: the future completes on the producer's I/O thread, and the
 * caller answers the request from there. Send latency, failures by kind, and the producer buffer's
 * fill level are metrics.
 */
public final class EventPublisher implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final Producer<String, PlaybackEvent> producer;
  private final Topic<String, PlaybackEvent> topic;
  private final KafkaCircuit circuit;
  private final Timer sendLatency;
  private final Meter retriable;
  private final Meter fatal;

  public EventPublisher(Producer<String, PlaybackEvent> producer, Topic<String, PlaybackEvent> topic,
                        KafkaCircuit circuit, MetricRegistry metrics) {
    this.producer = producer;
    this.topic = topic;
    this.circuit = circuit;
    this.sendLatency = metrics.timer("ingest.kafka.send-latency");
    this.retriable = metrics.meter("ingest.kafka.errors.retriable");
    this.fatal = metrics.meter("ingest.kafka.errors.fatal");
    metrics.gauge("ingest.kafka.buffer.available-bytes", () -> () -> producerMetric("buffer-available-bytes"));
    metrics.gauge("ingest.kafka.buffer.total-bytes", () -> () -> producerMetric("buffer-total-bytes"));
    metrics.gauge("ingest.kafka.buffer.used-ratio", () -> () -> {
      double total = producerMetric("buffer-total-bytes");
      return total <= 0 ? 0.0 : 1.0 - producerMetric("buffer-available-bytes") / total;
    });
  }

  /**
   * Sends every event keyed by its session; the future completes when all are acknowledged, or
   * exceptionally with the first failure.
   *
   * @throws KafkaUnavailable at once when Kafka failed just now, or the buffer is full; its message, Kafka's
   *     text, is for the log (see {@link KafkaUnavailable})
   */
  public CompletableFuture<Void> publish(List<PlaybackEvent> events) throws KafkaUnavailable {
    if (circuit.refusing()) {
      throw new KafkaUnavailable("Kafka is unavailable (" + circuit.lastFailure() + ")", null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(events.size());
    AtomicReference<Exception> firstError = new AtomicReference<>();
    Timer.Context timing = sendLatency.time();
    int sent = 0;
    try {
      for (PlaybackEvent e : events) {
        producer.send(new ProducerRecord<>(topic.name(), e.getSessionId(), e), (metadata, error) -> {
          if (error != null) {
            firstError.compareAndSet(null, error);
          }
          if (pending.decrementAndGet() == 0) {
            timing.stop();
            Exception failure = firstError.get();
            if (failure == null) {
              circuit.succeeded();
              done.complete(null);
            } else {
              failed(failure);
              done.completeExceptionally(failure);
            }
          }
        });
        sent++;
      }
    } catch (KafkaException e) {
      // buffer full for max.block.ms (a TimeoutException), or the producer is closed or broken; events
      // already handed over may still land: the client's retry then duplicates them, by event_id
      failed(e);
      firstError.compareAndSet(null, e);
      if (pending.addAndGet(-(events.size() - sent)) == 0) {
        timing.stop();
      }
      throw new KafkaUnavailable("Kafka cannot take the events now: " + e.getMessage(), e);
    }
    return done;
  }

  /** Called when a request gave up waiting for the acknowledgement. */
  public void timedOut(Duration waited) {
    retriable.mark();
    circuit.failed("no acknowledgement within " + waited.toMillis() + " ms");
  }

  private void failed(Exception e) {
    if (e instanceof RetriableException) {
      retriable.mark();
      // at most the batches in flight when the broker went: the circuit then refuses without sending
      LOG.warn("Kafka did not take events (retriable; their requests get 503): {}", e.toString());
    } else {
      fatal.mark();
      LOG.error("Kafka refused events with a non-retriable error", e);
    }
    circuit.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private double producerMetric(String name) {
    for (Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
      if (m.getKey().name().equals(name) && m.getKey().group().equals("producer-metrics")) {
        Object v = m.getValue().metricValue();
        return v instanceof Number n ? n.doubleValue() : 0.0;
      }
    }
    return 0.0;
  }

  @Override
  public void start() {
    // fetch the topic's metadata now, so the first request does not pay for it (or fail on max.block.ms)
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        producer.partitionsFor(topic.name());
        return;
      } catch (KafkaException e) {
        if (System.nanoTime() > deadline) {
          LOG.warn("Kafka is not reachable at start-up; requests get 503 until it is: {}", e.getMessage());
          return;
        }
      }
    }
  }

  @Override
  public void stop() {
    producer.close(Duration.ofSeconds(10)); // sends what is buffered; their requests are answered
  }
}
