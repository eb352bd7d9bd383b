package io.ottplatform.serving.dashboard.lake;

import io.ottplatform.serving.dashboard.DayRange;
import io.ottplatform.serving.dashboard.QoeGrouping;
import io.ottplatform.serving.dashboard.api.DropoffAnswer;
import io.ottplatform.serving.dashboard.api.EngagementAnswer;
import io.ottplatform.serving.dashboard.api.LakeQoeAnswer;
import io.ottplatform.serving.dashboard.api.LakeQoeDay;
import io.ottplatform.serving.dashboard.api.TitleEngagement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lake reports through Trino, from the tables batch-jobs' sessionize and daily aggregates write
 * (docs/analytics.md). Each query names its {@code view_date} range, so Trino reads only those days' partitions:
 * sums come from the small daily tables; what cannot be summed (startup percentiles, the 5 % steps of a drop-off
 * curve, which the daily table keeps only by tenths) comes from {@code analytics.view_sessions}, one row per view.
 */
public final class TrinoLakeReports implements LakeReports {

  private final TrinoQueries trino;
  private final LakeTableNames tables;
  /** dim.titles appears when land-titles first runs and never goes away: once seen, not asked again. */
  private volatile boolean titlesSeen;

  public TrinoLakeReports(TrinoQueries trino, LakeTableNames tables) {
    this.trino = trino;
    this.tables = tables;
  }

  /**
   * Per day (and value of {@code by}): summed counts and milliseconds from qoe_daily, the rates as their ratios,
   * and the startup percentiles over the day's views. Parameters: from, to (, title), from, to (, title).
   */
  static String qoeSql(LakeTableNames tables, QoeGrouping by, boolean oneTitle) {
    String daily = by == null ? "'all'" : by.lakeColumn();
    // view_sessions keeps a missing dimension as null where qoe_daily says 'unknown'
    String views = by == null ? "'all'" : "coalesce(" + by.lakeColumn() + ", 'unknown')";
    String title = oneTitle ? " AND title_id = ?" : "";
    return """
        WITH sums AS (
          SELECT view_date, %1$s AS value, sum(views) AS views, sum(plays) AS plays,
                 sum(video_start_failures) AS vsf, sum(video_playback_failures) AS vpf,
                 sum(exits_before_video_start) AS ebvs, sum(rebuffer_duration_ms) AS stall_ms,
                 sum(playing_time_ms) AS playing_ms
            FROM %3$s
           WHERE view_date BETWEEN ? AND ?%5$s
           GROUP BY 1, 2),
        startup AS (
          SELECT view_date, %2$s AS value, approx_percentile(startup_time_ms, 0.5) AS p50,
                 approx_percentile(startup_time_ms, 0.95) AS p95
            FROM %4$s
           WHERE view_date BETWEEN ? AND ? AND startup_time_ms IS NOT NULL%5$s
           GROUP BY 1, 2)
        SELECT CAST(s.view_date AS varchar) AS view_day, s.value, s.views, s.plays, s.vsf, s.vpf, s.ebvs,
               s.stall_ms, s.playing_ms, t.p50, t.p95
          FROM sums s LEFT JOIN startup t ON t.view_date = s.view_date AND t.value = s.value
         ORDER BY s.view_date, s.value""".formatted(daily, views, tables.qoeDaily(), tables.viewSessions(), title);
  }

  /**
   * The top titles by minutes watched: sums of title_engagement_daily, distinct profiles of viewer_activity_daily
   * (unique viewers cannot be summed over days), and with {@code names} the current name from dim.titles.
   * Parameters: from, to, from, to.
   */
  static String engagementSql(LakeTableNames tables, int limit, boolean names) {
    String name = names ? "n.name" : "CAST(NULL AS varchar)";
    String nameJoin = names ? """

          LEFT JOIN (SELECT title_id, max(name) AS name FROM %s WHERE valid_to IS NULL GROUP BY title_id) n
            ON n.title_id = e.title_id""".formatted(tables.dimTitles()) : "";
    return """
        WITH engagement AS (
          SELECT title_id, sum(views) AS views, sum(plays) AS plays, sum(minutes_watched) AS minutes_watched,
                 sum(completed_views) AS completed_views,
                 sum(avg_completion_ratio * plays)
                   / nullif(sum(CASE WHEN avg_completion_ratio IS NOT NULL THEN plays END), 0) AS average_share
            FROM %1$s
           WHERE view_date BETWEEN ? AND ?
           GROUP BY title_id
           ORDER BY minutes_watched DESC, title_id
           LIMIT %3$d),
        viewers AS (
          SELECT title_id, count(DISTINCT profile_id) AS unique_viewers
            FROM %2$s
           WHERE view_date BETWEEN ? AND ? AND title_id IN (SELECT title_id FROM engagement)
           GROUP BY title_id)
        SELECT e.title_id, %4$s AS name, e.views, e.plays, coalesce(v.unique_viewers, 0) AS unique_viewers,
               e.minutes_watched, e.completed_views, e.average_share
          FROM engagement e
          LEFT JOIN viewers v ON v.title_id = e.title_id%5$s
         ORDER BY e.minutes_watched DESC, e.title_id""".formatted(tables.titleEngagementDaily(),
        tables.viewerActivityDaily(), limit, name, nameJoin);
  }

  /**
   * The title's plays of known duration by the 5 % step of the title they got furthest to. In whole milliseconds
   * (integer division) rather than from the double {@code completion_ratio}: a play that stopped exactly at 35 % is
   * in step 7, where {@code 0.35 * 20} would be 7.000000000000001 one time and 6.999999999999999 another.
   * Parameters: title, from, to.
   */
  static String dropoffSql(LakeTableNames tables) {
    return """
        SELECT least(max_playhead_ms * %1$d / content_duration_ms, %1$d) AS step, count(*) AS plays,
               max(content_duration_ms) AS duration_ms
          FROM %2$s
         WHERE title_id = ? AND view_date BETWEEN ? AND ?
           AND startup_time_ms IS NOT NULL AND content_duration_ms > 0 AND max_playhead_ms IS NOT NULL
         GROUP BY 1""".formatted(DropoffCurve.STEPS, tables.viewSessions());
  }

  @Override
  public LakeQoeAnswer qoe(DayRange range, QoeGrouping by, String titleId) {
    String byId = by == null ? null : by.id();
    try {
      List<LakeQoeDay> days = trino.list("daily QoE", qoeSql(tables, by, titleId != null), ps -> {
        int i = 1;
        for (int twice = 0; twice < 2; twice++) {
          ps.setObject(i++, range.from());
          ps.setObject(i++, range.to());
          if (titleId != null) {
            ps.setString(i++, titleId);
          }
        }
      }, TrinoLakeReports::qoeDay);
      return new LakeQoeAnswer(range.from().toString(), range.to().toString(), byId, titleId, true, null, days);
    } catch (LakeUnavailableException e) {
      return new LakeQoeAnswer(range.from().toString(), range.to().toString(), byId, titleId, false, e.getMessage(), List.of());
    }
  }

  @Override
  public EngagementAnswer engagement(DayRange range, int limit) {
    try {
      List<TitleEngagement> titles = trino.list("title engagement", engagementSql(tables, limit, titlesExist()),
          ps -> {
            ps.setObject(1, range.from());
            ps.setObject(2, range.to());
            ps.setObject(3, range.from());
            ps.setObject(4, range.to());
          }, rs -> {
            long plays = rs.getLong("plays");
            long completed = rs.getLong("completed_views");
            return new TitleEngagement(rs.getString("title_id"), rs.getString("name"), rs.getLong("views"), plays,
                rs.getLong("unique_viewers"), rs.getDouble("minutes_watched"), completed,
                plays == 0 ? 0.0 : completed / (double) plays, doubleOrNull(rs, "average_share"));
          });
      return new EngagementAnswer(range.from().toString(), range.to().toString(), true, null, titles);
    } catch (LakeUnavailableException e) {
      return new EngagementAnswer(range.from().toString(), range.to().toString(), false, e.getMessage(), List.of());
    }
  }

  @Override
  public DropoffAnswer dropoff(String titleId, DayRange range) {
    try {
      Map<Integer, Long> byStep = new TreeMap<>();
      Long[] duration = {null};
      trino.list("drop-off of " + titleId, dropoffSql(tables), ps -> {
        ps.setString(1, titleId);
        ps.setObject(2, range.from());
        ps.setObject(3, range.to());
      }, rs -> {
        byStep.put(rs.getInt("step"), rs.getLong("plays"));
        long d = rs.getLong("duration_ms");
        duration[0] = duration[0] == null ? d : Math.max(duration[0], d);
        return null;
      });
      long plays = byStep.values().stream().mapToLong(Long::longValue).sum();
      return new DropoffAnswer(titleId, range.from().toString(), range.to().toString(), true, null, plays, duration[0],
          plays == 0 ? List.of() : DropoffCurve.of(byStep, duration[0]));
    } catch (LakeUnavailableException e) {
      return new DropoffAnswer(titleId, range.from().toString(), range.to().toString(), false, e.getMessage(), 0, null, List.of());
    }
  }

  private boolean titlesExist() {
    if (!titlesSeen) {
      titlesSeen = trino.list("dim.titles exists", tables.dimTitlesExistsSql(), ps -> { }, rs -> rs.getLong(1))
          .get(0) > 0;
    }
    return titlesSeen;
  }

  private static LakeQoeDay qoeDay(ResultSet rs) throws SQLException {
    long views = rs.getLong("views");
    long vsf = rs.getLong("vsf");
    long vpf = rs.getLong("vpf");
    long ebvs = rs.getLong("ebvs");
    long stall = rs.getLong("stall_ms");
    long playing = rs.getLong("playing_ms");
    return new LakeQoeDay(rs.getString("view_day"), rs.getString("value"), views,
        rs.getLong("plays"), doubleOrNull(rs, "p50"), doubleOrNull(rs, "p95"),
        stall + playing == 0 ? 0.0 : stall / (double) (stall + playing), ratio(vsf, views), ratio(vpf, views),
        ratio(ebvs, views), vsf, vpf, ebvs, stall, playing);
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0.0 : part / (double) whole;
  }

  private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
    Object v = rs.getObject(column);
    return v == null ? null : ((Number) v).doubleValue();
  }
}
