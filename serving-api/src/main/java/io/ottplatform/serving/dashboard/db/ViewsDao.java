package io.ottplatform.serving.dashboard.db;

import io.ottplatform.serving.common.Rows;
import io.ottplatform.serving.dashboard.api.ViewQoe;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The QoE job's {@code qoe_view} table (owned by its changelog, read-only here): the views list and one view.
 * The list is ordered by {@code (view_end_ts, session_id)} descending, served by the {@code qoe_view_end} and
 * {@code qoe_view_title_end} indexes, and continues after a cursor on that key.
 */
public final class ViewsDao {

  private static final String COLUMNS = """
      session_id, revision, account_id, profile_id, title_id, cdn, country, device_type, player_name, stream_type,
      view_start_ts, view_end_ts, end_reason, startup_time_ms, exit_before_video_start, video_start_failure,
      video_playback_failure, error_code, rebuffer_count, rebuffer_duration_ms, rebuffering_ratio,
      rebuffer_frequency_per_min, playing_time_ms, watch_time_ms, avg_bitrate_kbps, bitrate_upswitches,
      bitrate_downswitches, dropped_frames, max_playhead_ms, content_duration_ms, event_count, missing_sequences,
      updated_at""";

  private final Jdbi jdbi;

  public ViewsDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Up to {@code limit + 1} views, so the caller knows whether another page follows. */
  public List<ViewQoe> list(ViewsFilter f) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + """
             FROM qoe_view
            WHERE view_end_ts >= :from AND view_end_ts < :to
              AND (CAST(:title AS text) IS NULL OR title_id = :title)
              AND (CAST(:cdn AS text) IS NULL OR cdn = :cdn)
              AND (CAST(:country AS text) IS NULL OR country = :country)
              AND (CAST(:afterEnd AS timestamptz) IS NULL
                   OR (view_end_ts, session_id) < (CAST(:afterEnd AS timestamptz), :afterSession))
            ORDER BY view_end_ts DESC, session_id DESC
            LIMIT :limit""")
        .bind("from", f.range().from()).bind("to", f.range().to())
        .bind("title", f.titleId()).bind("cdn", f.cdn()).bind("country", f.country())
        .bind("afterEnd", f.after() == null ? null : f.after().viewEnd())
        .bind("afterSession", f.after() == null ? null : f.after().sessionId())
        .bind("limit", f.limit() + 1)
        .map((rs, ctx) -> view(rs))
        .list());
  }

  public Optional<ViewQoe> find(String sessionId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM qoe_view WHERE session_id = :id")
        .bind("id", sessionId).map((rs, ctx) -> view(rs)).findOne());
  }

  /** When the newest view summary was written; null while the table is empty. */
  public Instant latestUpdate() {
    return jdbi.withHandle(h -> h.createQuery("SELECT max(updated_at) FROM qoe_view")
        .map((rs, ctx) -> {
          java.sql.Timestamp t = rs.getTimestamp(1);
          return t == null ? null : t.toInstant();
        }).one());
  }

  private static ViewQoe view(ResultSet rs) throws SQLException {
    return new ViewQoe(rs.getString("session_id"), rs.getInt("revision"), rs.getString("account_id"),
        rs.getString("profile_id"), rs.getString("title_id"), rs.getString("cdn"), rs.getString("country"),
        rs.getString("device_type"), rs.getString("player_name"), rs.getString("stream_type"),
        Rows.instant(rs, "view_start_ts"), Rows.instant(rs, "view_end_ts"), rs.getString("end_reason"),
        Rows.longOrNull(rs, "startup_time_ms"), rs.getBoolean("exit_before_video_start"),
        rs.getBoolean("video_start_failure"), rs.getBoolean("video_playback_failure"), rs.getString("error_code"),
        rs.getInt("rebuffer_count"), rs.getLong("rebuffer_duration_ms"), rs.getDouble("rebuffering_ratio"),
        rs.getDouble("rebuffer_frequency_per_min"), rs.getLong("playing_time_ms"), rs.getLong("watch_time_ms"),
        doubleOrNull(rs, "avg_bitrate_kbps"), rs.getInt("bitrate_upswitches"), rs.getInt("bitrate_downswitches"),
        rs.getLong("dropped_frames"), Rows.longOrNull(rs, "max_playhead_ms"),
        Rows.longOrNull(rs, "content_duration_ms"), rs.getInt("event_count"), rs.getInt("missing_sequences"),
        Rows.instant(rs, "updated_at"));
  }

  private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
