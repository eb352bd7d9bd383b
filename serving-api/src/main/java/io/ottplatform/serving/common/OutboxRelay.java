package io.ottplatform.serving.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ChangeOperation;
import io.ottplatform.schemas.avro.TitleSnapshot;
import io.ottplatform.schemas.kafka.Topic;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.catalog.db.OutboxDao;
import io.ottplatform.serving.catalog.db.OutboxRow;
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
 * Publishes the catalog outbox to {@code catalog.changes} in outbox order. A batch is locked
 * ({@code FOR UPDATE SKIP LOCKED}), sent, and marked sent only after every record is acknowledged
 * ({@code acks=all}); any failure rolls the batch back and it is sent again on the next poll. So
 * delivery is at least once: consumers key by title_id and keep the highest version.
 */
public final class OutboxRelay implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Topic<String, CatalogChange> TOPIC = Topics.CATALOG_CHANGES;

  private final OutboxDao outbox;
  private final Producer<String, CatalogChange> producer;
  private final ObjectMapper json;
  private final Duration pollInterval;
  private final int batchSize;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private ScheduledExecutorService executor;

  public OutboxRelay(OutboxDao outbox, Producer<String, CatalogChange> producer, ObjectMapper json,
      Duration pollInterval, int batchSize) {
    this.outbox = outbox;
    this.producer = producer;
    this.json = json;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "catalog-outbox-relay");
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
      LOG.warn("outbox relay failed; the batch stays unsent and is retried: {}", e.toString());
    }
  }

  /** Sends one batch and marks it sent; returns how many rows were published. */
  public int relayBatch() {
    return outbox.jdbi().inTransaction(h -> {
      List<OutboxRow> rows = outbox.lockUnsent(h, batchSize);
      if (rows.isEmpty()) {
        return 0;
      }
      List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
      for (OutboxRow row : rows) {
        acks.add(producer.send(new ProducerRecord<>(TOPIC.name(), row.titleId(), toRecord(row))));
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
      outbox.markSent(h, rows.stream().map(OutboxRow::id).toList());
      published.addAndGet(rows.size());
      return rows.size();
    });
  }

  CatalogChange toRecord(OutboxRow row) {
    CatalogChange.Builder b = CatalogChange.newBuilder()
        .setChangeId(row.id()).setTitleId(row.titleId())
        .setOperation(ChangeOperation.valueOf(row.operation())).setVersion(row.version())
        .setChangedAt(row.changedAt()).setChangedBy(row.changedBy()).setTitle(null);
    if (row.snapshotJson() != null) {
      TitleSnapshotJson s;
      try {
        s = json.readValue(row.snapshotJson(), TitleSnapshotJson.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("outbox row " + row.id() + " has an unreadable snapshot", e);
      }
      b.setTitle(TitleSnapshot.newBuilder().setKind(s.kind()).setName(s.name()).setParentId(s.parentId())
          .setSeasonNumber(s.seasonNumber()).setEpisodeNumber(s.episodeNumber()).setReleaseYear(s.releaseYear())
          .setDurationMs(s.durationMs()).setMaturityRating(s.maturityRating()).setGenres(s.genres())
          .setTags(s.tags()).setAvailableCountries(s.availableCountries()).build());
    }
    return b.build();
  }
}
