package io.ottplatform.local.cli;

import io.ottplatform.local.LocalPlatform;
import io.ottplatform.local.PlatformConfig;
import io.ottplatform.local.build.ModuleBuild;
import io.ottplatform.local.build.ModuleRunner;
import io.ottplatform.local.service.ServiceDefinition;
import io.ottplatform.local.service.ServiceLogging;
import io.ottplatform.local.service.ServiceSupervisor;
import io.ottplatform.local.service.Services;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What every command works with, made on first use (so {@code --help} and usage errors read no
 * settings): the repository, the validated settings, the module builder and runner, the services.
 */
final class Ott {

  private final Path root;
  private final PrintStream out;
  private PlatformConfig config;
  private ModuleRunner runner;
  private ServiceSupervisor supervisor;

  Ott(Path root, PrintStream out) {
    this.root = root;
    this.out = out;
  }

  /** The repository: {@code -Dott.root} (the {@code ott} script passes it), else the working directory. */
  static Ott fromSystem() {
    String root = System.getProperty("ott.root", "");
    return new Ott(Path.of(root.isBlank() ? "." : root).toAbsolutePath().normalize(), System.out);
  }

  Path root() {
    return root;
  }

  PrintStream out() {
    return out;
  }

  PlatformConfig config() {
    if (config == null) {
      config = PlatformConfig.fromEnvironment();
    }
    return config;
  }

  LocalPlatform platform() {
    return new LocalPlatform(config(), out);
  }

  ModuleRunner runner() {
    if (runner == null) {
      runner = new ModuleRunner(ModuleBuild.fromEnvironment(root));
    }
    return runner;
  }

  List<ServiceDefinition> services() {
    return Services.table(config(), root);
  }

  ServiceSupervisor supervisor() {
    if (supervisor == null) {
      supervisor = new ServiceSupervisor(config().home(), module -> runner().build().classpath(module),
          new ServiceLogging(root, config().home()), out);
    }
    return supervisor;
  }
}
