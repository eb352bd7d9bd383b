package io.ottplatform.local.service;

import io.ottplatform.local.build.ModuleRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * serving-api's {@code admin} command (accounts with a role: the only way an admin is made) run with the
 * same configuration, database and secrets as the running service: {@code ./ott admin create --email E
 * --role admin} and the demo's editor.
 */
public final class ServingAdmin {

  private ServingAdmin() {}

  /** Runs {@code serving-api admin <args> config.yml} in the foreground (the terminal reads the password). */
  public static int run(ModuleRunner runner, List<ServiceDefinition> services, Path home, List<String> args) {
    ServiceDefinition serving = Services.find(services, Services.SERVING);
    List<String> command = new ArrayList<>(List.of("admin"));
    command.addAll(args);
    // the service's own config file: the last argument of its 'server' command
    command.add(serving.args().get(serving.args().size() - 1));
    Map<String, String> env = new LinkedHashMap<>(serving.env());
    env.putAll(new Secrets(home).env(serving.name(), serving.secrets()));
    return runner.run(serving.module(), serving.mainClass(), List.of("-Xmx256m"), command, env);
  }
}
