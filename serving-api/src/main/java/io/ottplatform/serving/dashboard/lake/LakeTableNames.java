package io.ottplatform.serving.dashboard.lake;

/**
 * The lake tables the dashboard reads, in Trino's catalog {@code catalog}. batch-jobs writes them (libs/lake's
 * {@code LakeTables} names them; serving-api cannot depend on that Spark library); docs/analytics.md describes every
 * column, and tools/e2e-tests' {@code LakePanelsIT} reads them as the real jobs wrote them.
 */
public record LakeTableNames(String catalog) {

  public String qoeDaily() {
    return catalog + ".analytics.qoe_daily";
  }

  public String viewSessions() {
    return catalog + ".analytics.view_sessions";
  }

  public String titleEngagementDaily() {
    return catalog + ".analytics.title_engagement_daily";
  }

  public String viewerActivityDaily() {
    return catalog + ".analytics.viewer_activity_daily";
  }

  /** Written by batch-jobs' land-titles only once the catalog has changed: a lake may not have it yet. */
  public String dimTitles() {
    return catalog + ".dim.titles";
  }

  /** Whether {@link #dimTitles()} exists: parameters none; one row with the count of such tables. */
  public String dimTitlesExistsSql() {
    return "SELECT count(*) FROM " + catalog + ".information_schema.tables"
        + " WHERE table_schema = 'dim' AND table_name = 'titles'";
  }
}
