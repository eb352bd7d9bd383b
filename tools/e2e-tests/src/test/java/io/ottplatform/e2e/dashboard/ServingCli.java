package io.ottplatform.e2e.dashboard;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * serving-api's command line, run in the test's JVM as an operator runs it: an account with a role is made with
 * {@code admin create} and a password file, never by writing the role column.
 */
final class ServingCli {

  private ServingCli() {}

  static void createAccount(String email, String role, String password, Path config, Path workDir) throws IOException {
    Path file = Files.createTempFile(workDir, "admin-password", ".txt");
    try {
      Files.writeString(file, password + "\n");
      run("admin", "create", "--email", email, "--role", role, "--password-file", file.toString(),
          "--if-exists", "update", "--quiet", config.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Runs one command; its failure is an AssertionError with what the command wrote on stderr. */
  private static void run(String... args) {
    Bootstrap<ServingConfiguration> bootstrap = new Bootstrap<>(new ServingApplication());
    bootstrap.addCommand(new ServerCommand<>(bootstrap.getApplication()));
    bootstrap.getApplication().initialize(bootstrap);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Optional<Throwable> failed = new Cli(new JarLocation(ServingApplication.class), bootstrap, out, err).run(args);
    if (failed.isPresent()) {
      throw new AssertionError("serving-api " + String.join(" ", args) + " failed: "
          + err.toString(StandardCharsets.UTF_8), failed.get());
    }
  }
}
