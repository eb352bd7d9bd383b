package io.ottplatform.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A changelog applied on a real PostgreSQL: concurrent first runs, the caller's connection, a failing changeset. */
class LockedMigrationIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();

  private static final LockedMigration WIDGETS =
      LockedMigration.of("db/widgets.changelog.sql", LockedMigrationIT.class).withTablePrefix("widgets");

  @Test
  void concurrentFirstRunsOnAnEmptyDatabaseApplyTheChangelogOnce() throws Exception {
    List<Thread> starts = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) { // four processes starting at once on an empty database
      Thread t = new Thread(() -> {
        try {
          WIDGETS.apply(DB.jdbcUrl(), DB.user(), DB.password());
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
    assertThat(count("SELECT count(*) FROM widgets_databasechangelog WHERE filename = 'db/widgets.changelog.sql'"))
        .as("recorded once, in the owner's own changelog table")
        .isEqualTo(1);

    WIDGETS.apply(DB.jdbcUrl(), DB.user(), DB.password()); // a later start finds nothing to do
    assertThat(count("SELECT count(*) FROM widgets_databasechangelog")).isEqualTo(1);
  }

  @Test
  void theCallersConnectionStaysOpenInItsModeWithTheLockReleased() throws Exception {
    LockedMigration defaults = LockedMigration.of("db/gadgets.changelog.sql", LockedMigrationIT.class);
    try (Connection c = DB.connect()) {
      assertThat(c.getAutoCommit()).isTrue();
      defaults.apply(c);
      assertThat(c.isClosed()).isFalse();
      assertThat(c.getAutoCommit()).as("Liquibase turns auto-commit off; the caller gets it back").isTrue();
      assertThat(advisoryLocksHeldBy(c)).isZero();
    }
    assertThat(count("SELECT count(*) FROM databasechangelog WHERE filename = 'db/gadgets.changelog.sql'")).isEqualTo(1);
  }

  @Test
  void aFailingChangesetNamesTheChangelogAndReleasesTheLock() throws Exception {
    LockedMigration broken = LockedMigration.of("db/broken.changelog.sql", LockedMigrationIT.class)
        .withTablePrefix("broken");
    try (Connection c = DB.connect()) {
      assertThatThrownBy(() -> broken.apply(c))
          .hasMessageContaining("db/broken.changelog.sql")
          .hasMessageContaining("no_such_type");
      assertThat(advisoryLocksHeldBy(c)).isZero();
    }
  }

  private static long advisoryLocksHeldBy(Connection c) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DB.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
