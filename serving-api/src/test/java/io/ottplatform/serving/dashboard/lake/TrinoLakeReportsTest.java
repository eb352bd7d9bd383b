package io.ottplatform.serving.dashboard.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.serving.dashboard.DayRange;
import io.ottplatform.serving.dashboard.QoeGrouping;
import io.ottplatform.serving.dashboard.api.DropoffAnswer;
import io.ottplatform.serving.dashboard.api.DropoffPoint;
import io.ottplatform.serving.dashboard.api.EngagementAnswer;
import io.ottplatform.serving.dashboard.api.LakeQoeAnswer;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lake reports' SQL and answers without a lake; tools/e2e-tests' LakePanelsIT runs them on a real one. */
class TrinoLakeReportsTest {

  static final LakeTableNames TABLES = new LakeTableNames("lake");
  static final DayRange WEEK = new DayRange(LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-25"));

  @Test
  void dailyQoeSumsTheDailyTableAndTakesPercentilesOverTheDaysViews() {
    String sql = TrinoLakeReports.qoeSql(TABLES, QoeGrouping.DEVICE, true);
    assertThat(sql).contains("FROM lake.analytics.qoe_daily", "FROM lake.analytics.view_sessions",
        "device_type AS value", "coalesce(device_type, 'unknown') AS value", "sum(rebuffer_duration_ms)",
        "sum(playing_time_ms)", "approx_percentile(startup_time_ms, 0.5)", "approx_percentile(startup_time_ms, 0.95)",
        "view_date BETWEEN ? AND ? AND title_id = ?");
    assertThat(sql).as("never an average of the daily rows' ratios").doesNotContain("avg(rebuffering_ratio)")
        .doesNotContain("sum(rebuffering_ratio)");
    assertThat(TrinoLakeReports.qoeSql(TABLES, null, false)).contains("'all' AS value").doesNotContain("title_id = ?");
  }

  @Test
  void engagementCountsDistinctViewersOverTheRangeAndNamesTitlesOnlyWhenDimTitlesExists() {
    String withNames = TrinoLakeReports.engagementSql(TABLES, 20, true);
    assertThat(withNames).contains("FROM lake.analytics.title_engagement_daily",
        "count(DISTINCT profile_id)", "FROM lake.analytics.viewer_activity_daily", "LIMIT 20",
        "FROM lake.dim.titles WHERE valid_to IS NULL", "ORDER BY e.minutes_watched DESC");
    assertThat(TrinoLakeReports.engagementSql(TABLES, 5, false)).doesNotContain("dim.titles")
        .contains("CAST(NULL AS varchar) AS name", "LIMIT 5");
  }

  @Test
  void dropoffStepsAreWholeMillisecondsOfTheTitle() {
    assertThat(TrinoLakeReports.dropoffSql(TABLES)).contains("least(max_playhead_ms * 20 / content_duration_ms, 20)",
        "FROM lake.analytics.view_sessions", "title_id = ? AND view_date BETWEEN ? AND ?",
        "startup_time_ms IS NOT NULL");
  }

  @Test
  void aCurveCountsEveryPlayUpToTheStepItGotFurthestTo() {
    // four plays of a 10-minute title: stopped at 25 %, 50 % and 95 %, one watched to the end
    List<DropoffPoint> curve = DropoffCurve.of(Map.of(5, 1L, 10, 1L, 19, 1L, 20, 1L), 600_000L);
    assertThat(curve).hasSize(21);
    assertThat(curve.get(0)).isEqualTo(new DropoffPoint(0.0, 0L, 4, 1.0));
    assertThat(curve.get(5)).as("the play that stopped at 25 %% was still there at 25 %%")
        .isEqualTo(new DropoffPoint(0.25, 150_000L, 4, 1.0));
    assertThat(curve.get(6)).isEqualTo(new DropoffPoint(0.3, 180_000L, 3, 0.75));
    assertThat(curve.get(11)).isEqualTo(new DropoffPoint(0.55, 330_000L, 2, 0.5));
    assertThat(curve.get(19).viewers()).isEqualTo(2);
    assertThat(curve.get(20)).isEqualTo(new DropoffPoint(1.0, 600_000L, 1, 0.25));
    assertThat(DropoffCurve.of(Map.of(3, 2L), null).get(1).positionMs()).as("unknown duration").isNull();
  }

  @Test
  void anUnreachableLakeIsAnAnswerSayingSoWithoutTheDriversMessage() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // free, then closed: nothing listens there
    }
    TrinoLakeReports lake = new TrinoLakeReports(new TrinoQueries("jdbc:trino://127.0.0.1:" + closedPort,
        "ott-dashboard", Duration.ofSeconds(5)), TABLES);

    LakeQoeAnswer qoe = lake.qoe(WEEK, QoeGrouping.CDN, null);
    EngagementAnswer engagement = lake.engagement(WEEK, 10);
    DropoffAnswer dropoff = lake.dropoff("tt-1", WEEK);

    assertThat(List.of(qoe.unavailableReason(), engagement.unavailableReason(), dropoff.unavailableReason()))
        .allSatisfy(reason -> assertThat(reason).isEqualTo(LakeUnavailableException.REASON)
            .doesNotContain("127.0.0.1").doesNotContain(String.valueOf(closedPort)));
    assertThat(qoe.available()).isFalse();
    assertThat(qoe.days()).isEmpty();
    assertThat(qoe.by()).isEqualTo("cdn");
    assertThat(engagement.titles()).isEmpty();
    assertThat(dropoff.points()).isEmpty();
  }

  @Test
  void withoutALakeEveryReportNamesTheSettingToSet() {
    LakeReports lake = LakeReports.unconfigured();
    assertThat(lake.qoe(WEEK, null, null).unavailableReason()).contains("dashboard.trino.url");
    assertThat(lake.engagement(WEEK, 5).available()).isFalse();
    assertThat(lake.dropoff("tt-1", WEEK).unavailableReason()).contains("dashboard.trino.url");
  }
}
