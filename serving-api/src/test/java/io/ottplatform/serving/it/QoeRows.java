package io.ottplatform.serving.it;

import io.ottplatform.schemas.qoe.QuantileSketch;
import io.ottplatform.stream.db.QoeJobMigrations;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Rows of the QoE job's live tables, written as its sinks write them, into tables made by the job's own changelog
 * (the qoe-job jar's db/qoe-job.changelog.sql through QoeJobMigrations): the dashboard reads exactly that schema.
 */
final class QoeRows {

  private final PostgresDatabaseExtension db;

  QoeRows(PostgresDatabaseExtension db) {
    this.db = db;
  }

  void migrate() {
    QoeJobMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
  }

  /** One minute's sums for one dimension value, as PostgresQoeSink upserts them. */
  record Minute(Instant windowStart, String dimension, String value, long viewsStarted, long plays,
      long concurrentPlays, long viewsEnded, long videoStartFailures, long videoPlaybackFailures,
      long exitsBeforeVideoStart, long rebufferMs, long playingMs, double... startupTimesMs) {}

  void insert(Minute m) throws SQLException {
    QuantileSketch sketch = new QuantileSketch();
    for (double v : m.startupTimesMs()) {
      sketch.update(v);
    }
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO qoe_minute (window_start, window_end, dimension, dimension_value, views_started, plays,
          concurrent_plays, views_ended, video_start_failure_rate, video_playback_failure_rate,
          exit_before_video_start_rate, rebuffering_ratio, startup_time_sketch, is_final, updated_at,
          video_start_failures, video_playback_failures, exits_before_video_start, rebuffer_duration_ms,
          playing_time_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, now(), ?, ?, ?, ?, ?)
        ON CONFLICT (window_start, dimension, dimension_value) DO UPDATE SET views_started = excluded.views_started,
          plays = excluded.plays, concurrent_plays = excluded.concurrent_plays, views_ended = excluded.views_ended,
          startup_time_sketch = excluded.startup_time_sketch, updated_at = excluded.updated_at,
          video_start_failures = excluded.video_start_failures,
          video_playback_failures = excluded.video_playback_failures,
          exits_before_video_start = excluded.exits_before_video_start,
          rebuffer_duration_ms = excluded.rebuffer_duration_ms, playing_time_ms = excluded.playing_time_ms""")) {
      ps.setTimestamp(1, Timestamp.from(m.windowStart()));
      ps.setTimestamp(2, Timestamp.from(m.windowStart().plusSeconds(60)));
      ps.setString(3, m.dimension());
      ps.setString(4, m.value());
      ps.setLong(5, m.viewsStarted());
      ps.setLong(6, m.plays());
      ps.setLong(7, m.concurrentPlays());
      ps.setLong(8, m.viewsEnded());
      // the per-minute ratios the job also stores; the dashboard must never average them
      ps.setDouble(9, share(m.videoStartFailures(), m.viewsEnded()));
      ps.setDouble(10, share(m.videoPlaybackFailures(), m.viewsEnded()));
      ps.setDouble(11, share(m.exitsBeforeVideoStart(), m.viewsEnded()));
      ps.setDouble(12, share(m.rebufferMs(), m.rebufferMs() + m.playingMs()));
      ps.setBytes(13, sketch.isEmpty() ? null : sketch.toBytes());
      ps.setLong(14, m.videoStartFailures());
      ps.setLong(15, m.videoPlaybackFailures());
      ps.setLong(16, m.exitsBeforeVideoStart());
      ps.setLong(17, m.rebufferMs());
      ps.setLong(18, m.playingMs());
      ps.executeUpdate();
    }
  }

  /** One ended view, as QoeViewSink writes it; QoE figures chosen by the test. */
  record View(String sessionId, String titleId, String cdn, String country, Instant viewStart, Instant viewEnd,
      Long startupTimeMs, boolean videoStartFailure, int rebufferCount, long rebufferMs, long playingMs,
      String errorCode) {}

  void insert(View v) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO qoe_view (session_id, revision, account_id, profile_id, title_id, cdn, country, device_type,
          player_name, stream_type, view_start_ts, view_end_ts, end_reason, startup_time_ms, exit_before_video_start,
          video_start_failure, video_playback_failure, error_code, rebuffer_count, rebuffer_duration_ms,
          rebuffering_ratio, rebuffer_frequency_per_min, playing_time_ms, watch_time_ms, avg_bitrate_kbps,
          bitrate_upswitches, bitrate_downswitches, dropped_frames, max_playhead_ms, content_duration_ms, event_count,
          missing_sequences, updated_at)
        VALUES (?, 1, 'acc-1', 'prof-1', ?, ?, ?, 'desktop', 'hls.js', 'VOD', ?, ?, 'VIEW_END', ?, false, ?, false, ?,
          ?, ?, ?, 0, ?, ?, 2500, 1, 0, 0, ?, 5400000, 42, 0, now())""")) {
      ps.setString(1, v.sessionId());
      ps.setString(2, v.titleId());
      ps.setString(3, v.cdn());
      ps.setString(4, v.country());
      ps.setTimestamp(5, Timestamp.from(v.viewStart()));
      ps.setTimestamp(6, Timestamp.from(v.viewEnd()));
      if (v.startupTimeMs() == null) {
        ps.setNull(7, java.sql.Types.BIGINT);
      } else {
        ps.setLong(7, v.startupTimeMs());
      }
      ps.setBoolean(8, v.videoStartFailure());
      ps.setString(9, v.errorCode());
      ps.setInt(10, v.rebufferCount());
      ps.setLong(11, v.rebufferMs());
      ps.setDouble(12, share(v.rebufferMs(), v.rebufferMs() + v.playingMs()));
      ps.setLong(13, v.playingMs());
      ps.setLong(14, v.playingMs() + v.rebufferMs());
      ps.setLong(15, v.playingMs());
      ps.executeUpdate();
    }
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }
}
