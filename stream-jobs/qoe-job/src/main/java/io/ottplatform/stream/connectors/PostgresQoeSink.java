package io.ottplatform.stream.connectors;

import io.ottplatform.schemas.avro.QoeAggregate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Upserts QoE aggregates into PostgreSQL's {@code qoe_minute} for the live dashboard. The table is owned by the
 * job's migrations ({@code db/qoe-job.changelog.sql}, applied by {@code QoeJobMigrations} before the job is
 * submitted); the sink never creates it. At-least-once (flushed at every checkpoint and at the latest
 * {@code flushEveryMs} after a row changed) and idempotent: a row is keyed by minute, dimension and value, replays
 * rewrite the same values, and a final row is never overwritten by an early one. The numerators of the rates
 * (failure counts, stall and playing time) are stored next to them, so coarser windows are ratios of sums.
 */
public final class PostgresQoeSink implements Sink<QoeAggregate> {

  private static final long serialVersionUID = 1L;

  static final String UPSERT = """
      INSERT INTO qoe_minute (window_start, window_end, dimension, dimension_value, views_started, plays,
        concurrent_plays, views_ended, startup_time_p50_ms, startup_time_p90_ms, startup_time_p95_ms,
        startup_time_p99_ms, video_start_failure_rate, video_playback_failure_rate, exit_before_video_start_rate,
        rebuffering_ratio, startup_time_sketch, is_final, updated_at, video_start_failures, video_playback_failures,
        exits_before_video_start, rebuffer_duration_ms, playing_time_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (window_start, dimension, dimension_value) DO UPDATE SET
        window_end = excluded.window_end, views_started = excluded.views_started, plays = excluded.plays,
        concurrent_plays = excluded.concurrent_plays, views_ended = excluded.views_ended,
        startup_time_p50_ms = excluded.startup_time_p50_ms, startup_time_p90_ms = excluded.startup_time_p90_ms,
        startup_time_p95_ms = excluded.startup_time_p95_ms, startup_time_p99_ms = excluded.startup_time_p99_ms,
        video_start_failure_rate = excluded.video_start_failure_rate,
        video_playback_failure_rate = excluded.video_playback_failure_rate,
        exit_before_video_start_rate = excluded.exit_before_video_start_rate,
        rebuffering_ratio = excluded.rebuffering_ratio, startup_time_sketch = excluded.startup_time_sketch,
        is_final = excluded.is_final, updated_at = excluded.updated_at,
        video_start_failures = excluded.video_start_failures,
        video_playback_failures = excluded.video_playback_failures,
        exits_before_video_start = excluded.exits_before_video_start,
        rebuffer_duration_ms = excluded.rebuffer_duration_ms, playing_time_ms = excluded.playing_time_ms
      WHERE excluded.is_final OR NOT qoe_minute.is_final
      """;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final long flushEveryMs;

  public PostgresQoeSink(String jdbcUrl, String user, String password, long flushEveryMs) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.flushEveryMs = flushEveryMs;
  }

  @Override
  public SinkWriter<QoeAggregate> createWriter(WriterInitContext context) throws IOException {
    try {
      return new Writer(new UpsertWriter.Target(DriverManager.getConnection(jdbcUrl, user, password), flushEveryMs,
          context.metricGroup().counter("rowsUpserted"), context.getProcessingTimeService()));
    } catch (SQLException e) {
      throw new IOException("cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private static final class Writer extends UpsertWriter<QoeAggregate, String> {

    Writer(Target target) throws IOException {
      super(target, "qoe_minute");
    }

    @Override
    String key(QoeAggregate a) {
      return a.getWindowStart().toEpochMilli() + "|" + a.getDimension() + "|" + a.getDimensionValue();
    }

    @Override
    boolean supersedes(QoeAggregate next, QoeAggregate previous) {
      return next.getFinal$() || !previous.getFinal$();
    }

    @Override
    String upsert() {
      return UPSERT;
    }

    @Override
    void bind(PreparedStatement ps, QoeAggregate a) throws SQLException {
      ps.setTimestamp(1, Timestamp.from(a.getWindowStart()));
      ps.setTimestamp(2, Timestamp.from(a.getWindowEnd()));
      ps.setString(3, a.getDimension().name());
      ps.setString(4, a.getDimensionValue());
      ps.setLong(5, a.getViewsStarted());
      ps.setLong(6, a.getPlays());
      ps.setLong(7, a.getConcurrentPlays());
      ps.setLong(8, a.getViewsEnded());
      setDouble(ps, 9, a.getStartupTimeP50Ms());
      setDouble(ps, 10, a.getStartupTimeP90Ms());
      setDouble(ps, 11, a.getStartupTimeP95Ms());
      setDouble(ps, 12, a.getStartupTimeP99Ms());
      ps.setDouble(13, a.getVideoStartFailureRate());
      ps.setDouble(14, a.getVideoPlaybackFailureRate());
      ps.setDouble(15, a.getExitBeforeVideoStartRate());
      ps.setDouble(16, a.getRebufferingRatio());
      ByteBuffer sketch = a.getStartupTimeSketch();
      if (sketch == null) {
        ps.setNull(17, Types.BINARY);
      } else {
        byte[] bytes = new byte[sketch.remaining()];
        sketch.duplicate().get(bytes);
        ps.setBytes(17, bytes);
      }
      ps.setBoolean(18, a.getFinal$());
      ps.setTimestamp(19, Timestamp.from(a.getUpdatedAt()));
      setLong(ps, 20, a.getVideoStartFailures());
      setLong(ps, 21, a.getVideoPlaybackFailures());
      setLong(ps, 22, a.getExitsBeforeVideoStart());
      setLong(ps, 23, a.getRebufferDurationMs());
      setLong(ps, 24, a.getPlayingTimeMs());
    }
  }

  static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }
}
