package io.ottplatform.stream.connectors;

import io.ottplatform.schemas.avro.ViewSummary;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Upserts view summaries into PostgreSQL's {@code qoe_view} (one row per view, owned by the job's migrations), the
 * table the dashboard's views list and analysts (through Trino's {@code postgresql} catalog) read.
 *
 * <p>Keyed by {@code session_id}: a view reopened after its timeout is summarized again, whole, with a higher
 * {@code revision}, and only a higher revision replaces the row. A replay after a restore (the sink is
 * at-least-once: flushed at every checkpoint and within {@code flushEveryMs}) writes revisions the row already has,
 * which change nothing, so the table ends up as if every summary had been written once.
 *
 * <p>Retention: rows not written for {@code retention} (by {@code updated_at}, the time the job wrote them, so a
 * backfill of old views is kept) are deleted in the flush's transaction, at most every {@link #RETENTION_EVERY}.
 * Every subtask runs the same idempotent delete.
 */
public final class PostgresViewSink implements Sink<ViewSummary> {

  private static final long serialVersionUID = 1L;

  static final Duration RETENTION_EVERY = Duration.ofMinutes(10);

  static final String UPSERT = """
      INSERT INTO qoe_view (session_id, revision, account_id, profile_id, title_id, cdn, country, device_type,
        player_name, stream_type, view_start_ts, view_end_ts, end_reason, startup_time_ms, exit_before_video_start,
        video_start_failure, video_playback_failure, error_code, rebuffer_count, rebuffer_duration_ms,
        rebuffering_ratio, rebuffer_frequency_per_min, playing_time_ms, watch_time_ms, avg_bitrate_kbps,
        bitrate_upswitches, bitrate_downswitches, dropped_frames, max_playhead_ms, content_duration_ms, event_count,
        missing_sequences, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (session_id) DO UPDATE SET
        revision = excluded.revision, account_id = excluded.account_id, profile_id = excluded.profile_id,
        title_id = excluded.title_id, cdn = excluded.cdn, country = excluded.country,
        device_type = excluded.device_type, player_name = excluded.player_name, stream_type = excluded.stream_type,
        view_start_ts = excluded.view_start_ts, view_end_ts = excluded.view_end_ts, end_reason = excluded.end_reason,
        startup_time_ms = excluded.startup_time_ms, exit_before_video_start = excluded.exit_before_video_start,
        video_start_failure = excluded.video_start_failure, video_playback_failure = excluded.video_playback_failure,
        error_code = excluded.error_code, rebuffer_count = excluded.rebuffer_count,
        rebuffer_duration_ms = excluded.rebuffer_duration_ms, rebuffering_ratio = excluded.rebuffering_ratio,
        rebuffer_frequency_per_min = excluded.rebuffer_frequency_per_min, playing_time_ms = excluded.playing_time_ms,
        watch_time_ms = excluded.watch_time_ms, avg_bitrate_kbps = excluded.avg_bitrate_kbps,
        bitrate_upswitches = excluded.bitrate_upswitches, bitrate_downswitches = excluded.bitrate_downswitches,
        dropped_frames = excluded.dropped_frames, max_playhead_ms = excluded.max_playhead_ms,
        content_duration_ms = excluded.content_duration_ms, event_count = excluded.event_count,
        missing_sequences = excluded.missing_sequences, updated_at = excluded.updated_at
      WHERE excluded.revision > qoe_view.revision
      """;

  static final String RETENTION = "DELETE FROM qoe_view WHERE updated_at < ?";

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final long flushEveryMs;
  private final long retentionMs;

  public PostgresViewSink(String jdbcUrl, String user, String password, Duration flushEvery, Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("view retention must be positive: " + retention);
    }
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.flushEveryMs = flushEvery.toMillis();
    this.retentionMs = retention.toMillis();
  }

  @Override
  public SinkWriter<ViewSummary> createWriter(WriterInitContext context) throws IOException {
    try {
      return new Writer(new UpsertWriter.Target(DriverManager.getConnection(jdbcUrl, user, password), flushEveryMs,
          context.metricGroup().counter("rowsUpserted"), context.getProcessingTimeService()),
          retentionMs, context.metricGroup().counter("rowsExpired"));
    } catch (SQLException e) {
      throw new IOException("cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private static final class Writer extends UpsertWriter<ViewSummary, String> {

    private final long retentionMs;
    private final Counter expired;
    private long nextRetention = 0; // the first flush (or checkpoint) runs it

    Writer(Target target, long retentionMs, Counter expired) throws IOException {
      super(target, "qoe_view");
      this.retentionMs = retentionMs;
      this.expired = expired;
    }

    @Override
    String key(ViewSummary v) {
      return v.getSessionId();
    }

    @Override
    ViewSummary retain(ViewSummary v) {
      return ViewSummary.newBuilder(v).build(); // with object reuse on, the input may be reused after write()
    }

    @Override
    boolean supersedes(ViewSummary next, ViewSummary previous) {
      return next.getRevision() > previous.getRevision();
    }

    @Override
    String upsert() {
      return UPSERT;
    }

    @Override
    boolean housekeepingDue(long nowMillis) {
      return nowMillis >= nextRetention;
    }

    @Override
    void afterUpserts(Connection connection, long nowMillis) throws SQLException {
      if (nowMillis < nextRetention) {
        return;
      }
      try (PreparedStatement delete = connection.prepareStatement(RETENTION)) {
        delete.setTimestamp(1, Timestamp.from(Instant.ofEpochMilli(nowMillis - retentionMs)));
        expired.inc(delete.executeUpdate());
      }
      nextRetention = nowMillis + RETENTION_EVERY.toMillis();
    }

    @Override
    void bind(PreparedStatement ps, ViewSummary v) throws SQLException {
      int i = 0;
      ps.setString(++i, v.getSessionId());
      ps.setInt(++i, v.getRevision());
      ps.setString(++i, v.getAccountId());
      ps.setString(++i, v.getProfileId());
      ps.setString(++i, v.getTitleId());
      ps.setString(++i, v.getCdn());
      ps.setString(++i, v.getCountry());
      ps.setString(++i, v.getDeviceType());
      ps.setString(++i, v.getPlayerName());
      ps.setString(++i, v.getStreamType());
      ps.setTimestamp(++i, Timestamp.from(v.getViewStartTs()));
      ps.setTimestamp(++i, Timestamp.from(v.getViewEndTs()));
      ps.setString(++i, v.getEndReason().name());
      PostgresQoeSink.setLong(ps, ++i, v.getStartupTimeMs());
      ps.setBoolean(++i, v.getExitBeforeVideoStart());
      ps.setBoolean(++i, v.getVideoStartFailure());
      ps.setBoolean(++i, v.getVideoPlaybackFailure());
      ps.setString(++i, v.getErrorCode());
      ps.setInt(++i, v.getRebufferCount());
      ps.setLong(++i, v.getRebufferDurationMs());
      ps.setDouble(++i, v.getRebufferingRatio());
      ps.setDouble(++i, v.getRebufferFrequencyPerMin());
      ps.setLong(++i, v.getPlayingTimeMs());
      ps.setLong(++i, v.getWatchTimeMs());
      PostgresQoeSink.setDouble(ps, ++i, v.getAvgBitrateKbps());
      ps.setInt(++i, v.getBitrateUpswitches());
      ps.setInt(++i, v.getBitrateDownswitches());
      ps.setLong(++i, v.getDroppedFrames());
      PostgresQoeSink.setLong(ps, ++i, v.getMaxPlayheadMs());
      PostgresQoeSink.setLong(ps, ++i, v.getContentDurationMs());
      ps.setInt(++i, v.getEventCount());
      ps.setInt(++i, v.getMissingSequences());
      ps.setTimestamp(++i, new Timestamp(System.currentTimeMillis()));
      if (i != 33) {
        throw new IllegalStateException("qoe_view upsert binds 33 columns, not " + i);
      }
    }
  }

}
