package io.ottplatform.serving.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real service over a fresh PostgreSQL database, migrated with the service's own {@code db migrate}. */
final class ServingApp {

  static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");

  private ServingApp() {}

  static DropwizardAppExtension<ServingConfiguration> extension(PostgresDatabaseExtension db, Path origin,
      ConfigOverride... extra) {
    List<ConfigOverride> overrides = new ArrayList<>(List.of(
        ConfigOverride.config("database.url", db::jdbcUrl),
        ConfigOverride.config("playback.originDirectory", origin::toString)));
    overrides.addAll(List.of(extra));
    return new DropwizardAppExtension<>(ServingApplication.class, CONFIG, overrides.toArray(ConfigOverride[]::new));
  }

  /** Runs {@code db migrate} through the service's CLI while the overrides (the database URL) are in force. */
  static void migrate(DropwizardAppExtension<ServingConfiguration> app) throws Exception {
    app.getApplication().run("db", "migrate", CONFIG);
  }
}
