package io.ottplatform.stream.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Applies the QoE job's PostgreSQL migrations ({@code db/qoe-job.changelog.sql}): the one owner of
 * {@code qoe_minute}. Concurrent starts are serialized by a PostgreSQL advisory lock held around the update
 * (Liquibase's own lock table is itself created without a lock: two first runs on an empty database race on it),
 * so the sink never creates tables and no "lost the CREATE TABLE race" error needs tolerating. Other modules' tests that need the table call
 * {@link #migrate(String, String, String)} (the qoe-job artifact, test scope).
 */
public final class QoeJobMigrations {

  public static final String CHANGELOG = "db/qoe-job.changelog.sql";
  /** Changelog tables of their own: serving-api keeps its migrations in the same database. */
  public static final String CHANGELOG_TABLE = "qoe_job_databasechangelog";
  public static final String LOCK_TABLE = "qoe_job_databasechangeloglock";
  /** pg_advisory_lock key of the QoE job's migrations (an arbitrary constant, "qoe" in ASCII). */
  static final long ADVISORY_LOCK = 0x716f65L;

  private QoeJobMigrations() {}

  /** Brings the database at {@code jdbcUrl} up to the latest changeset. */
  @SuppressWarnings("deprecation") // Liquibase's facade; the CommandScope API says the same in three times the code
  public static void migrate(String jdbcUrl, String user, String password) {
    // no network calls from a job start (Liquibase 4.30+ reports usage unless told not to)
    System.setProperty("liquibase.analytics.enabled", "false");
    System.setProperty("liquibase.showBanner", "false");
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      try (Statement st = c.createStatement()) {
        st.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK + ")"); // released when the connection closes
      }
      Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      db.setDatabaseChangeLogTableName(CHANGELOG_TABLE);
      db.setDatabaseChangeLogLockTableName(LOCK_TABLE);
      try (Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(
          QoeJobMigrations.class.getClassLoader()), db)) {
        liquibase.update(new Contexts(), new LabelExpression());
      }
    } catch (SQLException | LiquibaseException e) {
      throw new IllegalStateException("cannot migrate " + jdbcUrl + " (" + CHANGELOG + "): " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot migrate " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }
}
