package io.ottplatform.media.keys;

import io.ottplatform.migrations.LockedMigration;

/**
 * media-pipeline's PostgreSQL migrations ({@code db/media-pipeline.changelog.sql}), the one owner of
 * {@code media_content_keys}, applied by libs/migrations under an advisory lock so two workers starting together
 * do not race; changelog tables of its own ({@code media_pipeline_databasechangelog*}).
 */
public final class MediaPipelineMigrations {

  public static final String CHANGELOG = "db/media-pipeline.changelog.sql";
  static final LockedMigration MIGRATION = LockedMigration.of(CHANGELOG, MediaPipelineMigrations.class)
      .withTablePrefix("media_pipeline");
  public static final String CHANGELOG_TABLE = MIGRATION.changelogTable();

  private MediaPipelineMigrations() {}

  public static void migrate(String jdbcUrl, String user, String password) {
    MIGRATION.apply(jdbcUrl, user, password);
  }
}
