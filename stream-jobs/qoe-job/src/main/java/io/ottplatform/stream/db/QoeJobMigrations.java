package io.ottplatform.stream.db;

import io.ottplatform.migrations.LockedMigration;

/**
 * The QoE job's PostgreSQL migrations ({@code db/qoe-job.changelog.sql}): the one owner of {@code qoe_minute},
 * applied by libs/migrations under an advisory lock, so concurrent starts never race, the sink never creates
 * tables and no "lost the CREATE TABLE race" error needs tolerating. Other modules' tests that need the table call
 * {@link #migrate(String, String, String)} (the qoe-job artifact, test scope).
 */
public final class QoeJobMigrations {

  public static final String CHANGELOG = "db/qoe-job.changelog.sql";
  /** Changelog tables of their own ({@code qoe_job_databasechangelog*}): serving-api migrates the same database. */
  static final LockedMigration MIGRATION = LockedMigration.of(CHANGELOG, QoeJobMigrations.class)
      .withTablePrefix("qoe_job");
  public static final String CHANGELOG_TABLE = MIGRATION.changelogTable();

  private QoeJobMigrations() {}

  /** Brings the database at {@code jdbcUrl} up to the latest changeset. */
  public static void migrate(String jdbcUrl, String user, String password) {
    MIGRATION.apply(jdbcUrl, user, password);
  }
}
