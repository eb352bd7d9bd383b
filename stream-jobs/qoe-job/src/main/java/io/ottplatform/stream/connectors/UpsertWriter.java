package io.ottplatform.stream.connectors;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;

/**
 * The common part of the job's PostgreSQL sinks: records are collected by row key (a newer one supersedes an
 * older one of the same row before anything is written) and upserted in one transaction at every checkpoint,
 * when 1,000 rows wait, and at the latest {@code flushEveryMs} after the first of them arrived (a processing-time
 * timer, so a lone record in a quiet period is written within that time, not at the next record). The statements
 * are idempotent upserts, so the replay after a restore (at-least-once) leaves the same rows.
 */
abstract class UpsertWriter<T, K> implements SinkWriter<T> {

  private static final int MAX_PENDING = 1000;

  private final Connection connection;
  private final long flushEveryMs;
  private final Counter upserted;
  private final ProcessingTimeService timers;
  private final String table;
  private final Map<K, T> pending = new LinkedHashMap<>();
  private boolean flushScheduled;

  /** Where a writer writes and how often: what every sink hands its writer. */
  record Target(Connection connection, long flushEveryMs, Counter upserted, ProcessingTimeService timers) {}

  UpsertWriter(Target target, String table) throws IOException {
    this.connection = target.connection();
    this.flushEveryMs = target.flushEveryMs();
    this.upserted = target.upserted();
    this.timers = target.timers();
    this.table = table;
    try {
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IOException("cannot prepare the " + table + " writer: " + e.getMessage(), e);
    }
  }

  /** The row a record is written to. */
  abstract K key(T record);

  /** The record as the writer keeps it until the flush: a copy where the caller may reuse its object. */
  T retain(T record) {
    return record;
  }

  /** Whether {@code next} replaces {@code previous} (the same row) in the pending batch. */
  abstract boolean supersedes(T next, T previous);

  /** The upsert statement; {@link #bind} fills one row of it. */
  abstract String upsert();

  abstract void bind(PreparedStatement ps, T record) throws SQLException;

  /** Runs in the flush's transaction after the upserts (housekeeping such as retention). */
  void afterUpserts(Connection connection, long nowMillis) throws SQLException {}

  @Override
  public void write(T record, Context context) throws IOException {
    K key = key(record);
    T previous = pending.get(key);
    if (previous == null || supersedes(record, previous)) {
      pending.put(key, retain(record));
    }
    if (pending.size() >= MAX_PENDING) {
      flush(false);
    } else if (!flushScheduled) {
      flushScheduled = true;
      timers.registerTimer(timers.getCurrentProcessingTime() + flushEveryMs, time -> {
        flushScheduled = false;
        flush(false);
      });
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    long now = System.currentTimeMillis();
    if (pending.isEmpty() && !housekeepingDue(now)) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(upsert())) {
      for (T record : pending.values()) {
        bind(ps, record);
        ps.addBatch();
      }
      if (!pending.isEmpty()) {
        ps.executeBatch();
      }
      afterUpserts(connection, now);
      connection.commit();
      upserted.inc(pending.size());
      pending.clear();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("cannot upsert into " + table + ": " + e.getMessage(), e);
    }
  }

  /** True when {@link #afterUpserts} has work even without pending rows. */
  boolean housekeepingDue(long nowMillis) {
    return false;
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
