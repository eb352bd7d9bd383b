package io.ottplatform.recommender.serving;

import io.ottplatform.migrations.LockedMigration;
import java.sql.Connection;

/**
 * Brings a test database to serving-api's schema by running serving-api's own Liquibase changelog, the classpath
 * resource {@value #CHANGELOG} of its jar (a test dependency), as {@code ServingApplication db migrate} does in
 * production. serving-api owns the {@code rec_*} tables (changeset {@code serving-api:5-recommendations}); the
 * recommender only writes rows, so its tests must write into exactly that schema, never a copy of it.
 *
 * <p>Liquibase runs in this JVM through libs/migrations with only serving-api's jar added (see the POM): running the
 * migration through Dropwizard would put Dropwizard's Jackson, Jetty and Jersey next to Spark's.
 */
public final class ServingMigrations {

  /** Same path and Liquibase's default changelog tables, as serving-api's MigrationsBundle uses them. */
  static final String CHANGELOG = "migrations.sql";

  private ServingMigrations() {}

  /** Applies every changeset not applied yet (idempotent); leaves the connection open. */
  public static void apply(Connection connection) {
    LockedMigration.of(CHANGELOG, ServingMigrations.class).apply(connection);
  }
}
