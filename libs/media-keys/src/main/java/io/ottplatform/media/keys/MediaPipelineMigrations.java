package io.ottplatform.media.keys;

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
 * Applies media-pipeline's PostgreSQL migrations ({@code db/media-pipeline.changelog.sql}), the one owner of
 * {@code media_content_keys}, as the QoE job does for its table: own changelog tables, and a PostgreSQL advisory
 * lock around the update so two workers starting together do not race on Liquibase's own lock table.
 */
public final class MediaPipelineMigrations {

  public static final String CHANGELOG = "db/media-pipeline.changelog.sql";
  public static final String CHANGELOG_TABLE = "media_pipeline_databasechangelog";
  public static final String LOCK_TABLE = "media_pipeline_databasechangeloglock";
  /** pg_advisory_lock key of these migrations (an arbitrary constant, "media" in ASCII). */
  static final long ADVISORY_LOCK = 0x6d65646961L;

  private MediaPipelineMigrations() {}

  @SuppressWarnings("deprecation") // Liquibase's facade; the CommandScope API says the same in three times the code
  public static void migrate(String jdbcUrl, String user, String password) {
    System.setProperty("liquibase.analytics.enabled", "false"); // no network calls from a worker's start
    System.setProperty("liquibase.showBanner", "false");
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      try (Statement st = c.createStatement()) {
        st.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK + ")"); // released when the connection closes
      }
      Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      db.setDatabaseChangeLogTableName(CHANGELOG_TABLE);
      db.setDatabaseChangeLogLockTableName(LOCK_TABLE);
      try (Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(
          MediaPipelineMigrations.class.getClassLoader()), db)) {
        liquibase.update(new Contexts(), new LabelExpression());
      }
    } catch (SQLException | LiquibaseException e) {
      throw new IllegalStateException("cannot migrate " + jdbcUrl + " (" + CHANGELOG + "): " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot migrate " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }
}
