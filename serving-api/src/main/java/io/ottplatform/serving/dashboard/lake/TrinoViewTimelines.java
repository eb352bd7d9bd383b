package io.ottplatform.serving.dashboard.lake;

import io.ottplatform.serving.dashboard.api.Timeline;
import io.ottplatform.serving.dashboard.api.TimelineEvent;
import io.ottplatform.serving.dashboard.api.ViewQoe;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A view's raw events from the lake through Trino's JDBC driver. The query names the view's title and its
 * {@code event_date} partitions (the UTC days of its start and end, a day either side for player clocks that are
 * off), so Trino reads one partition's files for one title (the table is sorted by title and session). Events
 * resent by an SDK's retry are landed twice (same {@code event_id}): the first landing is kept.
 */
public final class TrinoViewTimelines implements ViewTimelines {

  /** The most events one timeline shows: a six-hour view with heartbeats every 10 s has about 2,200. */
  static final int MAX_EVENTS = 5_000;

  private final TrinoQueries trino;
  private final String table;

  public TrinoViewTimelines(TrinoQueries trino, String table) {
    this.trino = trino;
    this.table = table;
  }

  /** The SQL for {@code table} with parameters title, session, first day, last day. */
  static String sql(String table) {
    return """
        SELECT sequence, event_type, client_ts, server_ts, playhead_ms, bitrate_kbps, rendition, buffer_ms,
               dropped_frames, error_code, error_fatal
          FROM (SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY kafka_partition, kafka_offset) AS copy
                  FROM %s
                 WHERE title_id = ? AND session_id = ? AND event_date BETWEEN ? AND ?)
         WHERE copy = 1
         ORDER BY sequence, client_ts
         LIMIT %d""".formatted(table, MAX_EVENTS);
  }

  @Override
  public Timeline of(ViewQoe view) {
    try {
      return Timeline.fromLake(table, trino.list("timeline of view " + view.sessionId(), sql(table), ps -> {
        ps.setString(1, view.titleId());
        ps.setString(2, view.sessionId());
        ps.setObject(3, day(view.viewStart()).minusDays(1));
        ps.setObject(4, day(view.viewEnd()).plusDays(1));
      }, rs -> new TimelineEvent(rs.getLong("sequence"), rs.getString("event_type"),
          instant(rs.getTimestamp("client_ts")), instant(rs.getTimestamp("server_ts")),
          (Long) rs.getObject("playhead_ms"), (Integer) rs.getObject("bitrate_kbps"),
          rs.getString("rendition"), (Integer) rs.getObject("buffer_ms"),
          (Integer) rs.getObject("dropped_frames"), rs.getString("error_code"),
          (Boolean) rs.getObject("error_fatal"))));
    } catch (LakeUnavailableException e) {
      return Timeline.unavailable(e.getMessage());
    }
  }

  private static LocalDate day(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
