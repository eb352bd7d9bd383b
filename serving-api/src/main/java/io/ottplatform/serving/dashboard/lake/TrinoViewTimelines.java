package io.ottplatform.serving.dashboard.lake;

import io.ottplatform.serving.dashboard.api.Timeline;
import io.ottplatform.serving.dashboard.api.TimelineEvent;
import io.ottplatform.serving.dashboard.api.ViewQoe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A view's raw events from the lake through Trino's JDBC driver. The query names the view's title and its
 * {@code event_date} partitions (the UTC days of its start and end, a day either side for player clocks that are
 * off), so Trino reads one partition's files for one title (the table is sorted by title and session). Events
 * resent by an SDK's retry are landed twice (same {@code event_id}): the first landing is kept.
 */
public final class TrinoViewTimelines implements ViewTimelines {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoViewTimelines.class);
  /** The most events one timeline shows: a six-hour view with heartbeats every 10 s has about 2,200. */
  static final int MAX_EVENTS = 5_000;

  private final String url;
  private final String user;
  private final String table;
  private final Duration timeout;

  public TrinoViewTimelines(String url, String user, String table, Duration timeout) {
    this.url = url;
    this.user = user;
    this.table = table;
    this.timeout = timeout;
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
    Properties props = new Properties();
    props.setProperty("user", user);
    try (Connection c = DriverManager.getConnection(url, props);
         PreparedStatement ps = c.prepareStatement(sql(table))) {
      ps.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      ps.setString(1, view.titleId());
      ps.setString(2, view.sessionId());
      ps.setObject(3, day(view.viewStart()).minusDays(1));
      ps.setObject(4, day(view.viewEnd()).plusDays(1));
      List<TimelineEvent> events = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(new TimelineEvent(rs.getLong("sequence"), rs.getString("event_type"),
              instant(rs.getTimestamp("client_ts")), instant(rs.getTimestamp("server_ts")),
              (Long) rs.getObject("playhead_ms"), (Integer) rs.getObject("bitrate_kbps"),
              rs.getString("rendition"), (Integer) rs.getObject("buffer_ms"),
              (Integer) rs.getObject("dropped_frames"), rs.getString("error_code"),
              (Boolean) rs.getObject("error_fatal")));
        }
      }
      return Timeline.fromLake(table, events);
    } catch (SQLException e) {
      // the reason goes to the log, never to the client (it may name hosts and tables)
      LOG.warn("timeline of view {} from {} failed", view.sessionId(), table, e);
      return Timeline.unavailable("the lake could not be queried; the service log has the reason");
    }
  }

  private static LocalDate day(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
