package io.ottplatform.recommender.serving;

import java.sql.Connection;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Brings a test database to serving-api's schema by running serving-api's own Liquibase changelog, the classpath
 * resource {@value #CHANGELOG} of its jar (a test dependency), as {@code ServingApplication db migrate} does in
 * production. serving-api owns the {@code rec_*} tables (changeset {@code serving-api:5-recommendations}); the
 * recommender only writes rows, so its tests must write into exactly that schema, never a copy of it.
 *
 * <p>Liquibase runs in this JVM with only serving-api's jar and liquibase-core added (see the POM): running the
 * migration through Dropwizard would put Dropwizard's Jackson, Jetty and Jersey next to Spark's.
 */
public final class ServingMigrations {

  /** Same path as serving-api's MigrationsBundle uses, so the DATABASECHANGELOG rows match a real deployment's. */
  static final String CHANGELOG = "migrations.sql";

  private ServingMigrations() {}

  /** Applies every changeset not applied yet (idempotent); leaves the connection open. */
  public static void apply(Connection connection) throws Exception {
    Database database = DatabaseFactory.getInstance()
        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
    ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(ServingMigrations.class.getClassLoader());
    if (resources.get(CHANGELOG) == null || !resources.get(CHANGELOG).exists()) {
      throw new IllegalStateException(CHANGELOG + " is not on the test classpath: is serving-api a test dependency?");
    }
    Scope.child(Scope.Attr.resourceAccessor.name(), resources, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
        .execute());
  }
}
