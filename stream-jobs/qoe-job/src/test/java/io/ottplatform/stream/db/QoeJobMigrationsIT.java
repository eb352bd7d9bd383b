package io.ottplatform.stream.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job's migrations on a real PostgreSQL: they create qoe_minute once, and adopt a table an older job created. */
class QoeJobMigrationsIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();

  @Test
  void createQoeMinuteOnceAndAreSafeToRunAgainConcurrently() throws Exception {
    List<Thread> starts = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) { // three job processes starting at once: Liquibase's lock serializes them
      Thread t = new Thread(() -> {
        try {
          QoeJobMigrations.migrate(DB.jdbcUrl(), DB.user(), password());
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      t.start();
      starts.add(t);
    }
    for (Thread t : starts) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(columns("qoe_minute")).contains("window_start", "dimension", "dimension_value", "is_final",
        "startup_time_sketch");
    assertThat(columns("qoe_minute")).as("the rates' numerators (changeset 2)").contains("video_start_failures",
        "video_playback_failures", "exits_before_video_start", "rebuffer_duration_ms", "playing_time_ms");
    assertThat(columns("qoe_view")).as("changeset 3").contains("session_id", "revision", "updated_at");
    assertThat(count("SELECT count(*) FROM " + QoeJobMigrations.CHANGELOG_TABLE)).as("each changeset applied once")
        .isEqualTo(3);
  }

  private static String password() {
    return DB.password() == null ? "" : DB.password();
  }

  private static List<String> columns(String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DB.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = '"
             + table + "' AND table_schema = current_schema()")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DB.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
