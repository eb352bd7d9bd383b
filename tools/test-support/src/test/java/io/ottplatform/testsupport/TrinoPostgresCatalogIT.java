package io.ottplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trino's {@code postgresql} catalog next to the lake: a table written in PostgreSQL (as the QoE job writes
 * {@code qoe_view}) and an Iceberg table written through Trino are joined in one query.
 */
class TrinoPostgresCatalogIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final TrinoServerExtension TRINO = new TrinoServerExtension(DB);

  @Test
  void theJoinOfLiveViewsWithTheLakeThatDocsAnalyticsShowsRunsAsQuoted() throws Exception {
    String doc = Files.readString(Path.of("..", "..", "docs", "analytics.md"));
    int start = doc.indexOf("-- today's live rebuffering per title");
    assertThat(start).as("docs/analytics.md has the live-and-lake join").isPositive();
    String sql = doc.substring(doc.indexOf('\n', start) + 1, doc.indexOf(";\n```", start));
    try (Connection pg = DB.connect(); Statement s = pg.createStatement()) {
      // the columns of the QoE job's qoe_view that the query reads (its migrations live in a deployable)
      s.execute("CREATE TABLE qoe_view (session_id text PRIMARY KEY, title_id text NOT NULL, "
          + "view_end_ts timestamptz NOT NULL, rebuffer_duration_ms bigint NOT NULL, playing_time_ms bigint NOT NULL)");
      s.execute("INSERT INTO qoe_view VALUES ('a', 'tt-1', now(), 1000, 99000), ('b', 'tt-1', now(), 3000, 97000), "
          + "('c', 'tt-2', now(), 0, 60000), ('old', 'tt-1', now() - interval '3 days', 50000, 50000)");
    }
    try (Connection trino = TRINO.connect(); Statement s = trino.createStatement()) {
      s.execute("CREATE SCHEMA lake.analytics WITH (location = '" + TRINO.warehouse().toUri() + "analytics')");
      s.execute("CREATE TABLE lake.analytics.qoe_daily (view_date date, title_id varchar, views bigint, "
          + "rebuffer_duration_ms bigint, playing_time_ms bigint) WITH (format_version = 2)");
      s.execute("INSERT INTO lake.analytics.qoe_daily VALUES "
          + "(current_date - INTERVAL '2' DAY, 'tt-1', 10, 2000, 198000), (current_date - INTERVAL '30' DAY, 'tt-1', 5, 9, 1)");
      try (ResultSet rs = s.executeQuery(sql)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("title_id")).isEqualTo("tt-1");
        assertThat(rs.getLong("views_today")).as("yesterday's and older live views are not today's").isEqualTo(2);
        assertThat(rs.getDouble("rebuffer_pct_today")).isEqualTo(2.0); // 4 s of 200 s
        assertThat(rs.getLong("views_7d")).as("only the last seven days of the lake").isEqualTo(10);
        assertThat(rs.getDouble("rebuffer_pct_7d")).isEqualTo(1.0);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("title_id")).isEqualTo("tt-2");
        assertThat(rs.getObject("views_7d")).as("no history in the lake").isNull();
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void oneQueryJoinsALiveTableInPostgresWithALakeTable() throws Exception {
    try (Connection pg = DB.connect(); Statement s = pg.createStatement()) {
      s.execute("CREATE TABLE live_views (session_id text PRIMARY KEY, title_id text NOT NULL, rebuffer_ms bigint)");
      s.execute("INSERT INTO live_views VALUES ('s1', 'tt-1', 100), ('s2', 'tt-1', 300), ('s3', 'tt-2', 50)");
    }
    try (Connection trino = TRINO.connect(); Statement s = trino.createStatement()) {
      s.execute("CREATE SCHEMA lake.catalog_smoke WITH (location = '" + TRINO.warehouse().toUri() + "catalog_smoke')");
      s.execute("CREATE TABLE lake.catalog_smoke.titles (title_id varchar, name varchar) WITH (format_version = 2)");
      s.execute("INSERT INTO lake.catalog_smoke.titles VALUES ('tt-1', 'One'), ('tt-2', 'Two')");
      try (ResultSet rs = s.executeQuery("""
          SELECT t.name, count(*) AS views, sum(v.rebuffer_ms) AS rebuffer_ms
          FROM postgresql.public.live_views v
          JOIN lake.catalog_smoke.titles t ON t.title_id = v.title_id
          GROUP BY t.name ORDER BY t.name""")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("One");
        assertThat(rs.getLong(2)).isEqualTo(2);
        assertThat(rs.getLong(3)).isEqualTo(400);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("Two");
        assertThat(rs.getLong(3)).isEqualTo(50);
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
