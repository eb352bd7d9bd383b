package io.ottplatform.serving.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;

/** The real service over a fresh PostgreSQL database, migrated with the service's own {@code db migrate}. */
public final class ServingApp {

  public static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");

  private ServingApp() {}

  public static DropwizardAppExtension<ServingConfiguration> extension(PostgresDatabaseExtension db, Path origin,
      ConfigOverride... extra) {
    List<ConfigOverride> overrides = new ArrayList<>(List.of(
        ConfigOverride.config("database.url", db::jdbcUrl),
        ConfigOverride.config("playback.originDirectory", origin::toString)));
    overrides.addAll(List.of(extra));
    return new DropwizardAppExtension<>(ServingApplication.class, CONFIG, overrides.toArray(ConfigOverride[]::new));
  }

  /** What a command of the service's CLI returned and printed. */
  public record CliRun(boolean ok, String out, String err) {}

  /** Runs a command of the service's own CLI in this JVM (with the extension's overrides), capturing its output. */
  public static CliRun cli(String... args) {
    Bootstrap<ServingConfiguration> bootstrap = new Bootstrap<>(new ServingApplication());
    bootstrap.addCommand(new ServerCommand<>(bootstrap.getApplication()));
    bootstrap.getApplication().initialize(bootstrap);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Optional<Throwable> failed = new Cli(new JarLocation(ServingApplication.class), bootstrap, out, err).run(args);
    return new CliRun(failed.isEmpty(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** An account with {@code role}, made as an operator makes one: {@code admin create} with a password file. */
  public static void createAccount(String email, String role, String password) {
    try {
      Path file = Files.createTempFile(Path.of("target"), "admin-password", ".txt");
      try {
        Files.writeString(file, password + "\n");
        CliRun run = cli("admin", "create", "--email", email, "--role", role, "--password-file", file.toString(),
            "--if-exists", "update", "--quiet", CONFIG);
        if (!run.ok()) {
          throw new AssertionError("admin create " + email + " failed: " + run.err());
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs {@code db migrate} through the service's CLI while the overrides (the database URL) are in force. */
  public static void migrate(DropwizardAppExtension<ServingConfiguration> app) throws Exception {
    app.getApplication().run("db", "migrate", CONFIG);
  }
}
