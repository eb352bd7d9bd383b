package io.ottplatform.serving.common;

import io.dropwizard.lifecycle.Managed;
import io.ottplatform.schemas.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an {@link OutboxSource} to its Kafka topic in outbox order (the catalog outbox to
 * {@code catalog.changes}, the account plan outbox to {@code account.plans}). A batch is locked
 * ({@code FOR UPDATE SKIP LOCKED}), sent, and marked sent only after every record is acknowledged
 * ({@code acks=all}); any failure rolls the batch back and it is sent again on the next poll. So
 * delivery is at least once: consumers key by the entity and keep its latest state.
 *
 * @param <V> the topic's value type
 */
public final class OutboxRelay<V> implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  private final String name;
  private final OutboxSource<V> outbox;
  private final Topic<String, V> topic;
  private final Producer<String, V> producer;
  private final Duration pollInterval;
  private final int batchSize;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private ScheduledExecutorService executor;

  public OutboxRelay(String name, OutboxSource<V> outbox, Topic<String, V> topic, Producer<String, V> producer,
      Duration pollInterval, int batchSize) {
    this.name = name;
    this.outbox = outbox;
    this.topic = topic;
    this.producer = producer;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-relay");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::drainQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    if (executor != null) {
      executor.shutdown();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
    producer.close(Duration.ofSeconds(5));
  }

  public long published() { return published.get(); }

  public long failures() { return failures.get(); }

  private void drainQuietly() {
    try {
      while (relayBatch() == batchSize) {
        // a full batch: more may be waiting
      }
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      LOG.warn("{} relay failed; the batch stays unsent and is retried: {}", name, e.toString());
    }
  }

  /** Sends one batch and marks it sent; returns how many rows were published. */
  public int relayBatch() {
    return outbox.jdbi().inTransaction(h -> {
      List<OutboxSource.Pending<V>> rows = outbox.lockUnsent(h, batchSize);
      if (rows.isEmpty()) {
        return 0;
      }
      List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
      for (OutboxSource.Pending<V> row : rows) {
        acks.add(producer.send(new ProducerRecord<>(topic.name(), row.key(), row.value())));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        try {
          ack.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          throw new IllegalStateException("Kafka did not acknowledge the batch: " + e, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
      }
      outbox.markSent(h, rows.stream().map(OutboxSource.Pending::id).toList());
      published.addAndGet(rows.size());
      return rows.size();
    });
  }
}
