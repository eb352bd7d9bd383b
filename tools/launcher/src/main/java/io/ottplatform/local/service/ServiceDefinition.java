package io.ottplatform.local.service;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One long-running process of the platform, as the supervisor starts, checks and stops it.
 *
 * @param name what {@code ./ott start|stop|logs} call it; also its pid file, log file and the
 *     {@code -Dott.component=<name>} marker in its command line
 * @param module the Maven module (folder) whose runtime classpath it runs on
 * @param address what {@code ./ott status} shows as where it answers
 * @param health a URL that answers 2xx when the service is ready; empty: alive means healthy
 * @param env environment added to the launcher's own
 * @param secrets environment variables whose values are random secrets, generated once per {@code OTT_HOME}
 *     and kept there with mode 0600 (so a restart keeps sessions and signed URLs valid)
 * @param logging which logging backend the service has, so the launcher can hand it the one log format
 * @param stopGrace how long a SIGTERM gets before SIGKILL (the QoE job takes a savepoint on the way out)
 * @param prepare one-off commands run before every start (e.g. database migrations), on the same classpath
 */
public record ServiceDefinition(
    String name,
    String module,
    String mainClass,
    List<String> args,
    String address,
    Optional<URI> health,
    Map<String, String> env,
    List<String> secrets,
    List<String> jvmOptions,
    Logging logging,
    Duration stopGrace,
    Duration startTimeout,
    List<Prepare> prepare) {

  /** The logging backend a service's main uses, which decides how it is given the launcher's log format. */
  public enum Logging {
    /** Dropwizard configures logback itself from its YAML; the format comes from the config's logging section. */
    DROPWIZARD,
    /** log4j2 (the Flink job, the Kafka Streams guard): {@code -Dlog4j2.configurationFile} when the module ships none. */
    LOG4J2,
    /** logback outside Dropwizard: {@code -Dlogback.configurationFile} when the module ships none. */
    LOGBACK
  }

  /**
   * A command run to completion before the service starts, unless {@code skipIfExists} exists.
   * {@code module}/{@code mainClass} default to the service's own when null.
   */
  public record Prepare(String module, String mainClass, List<String> args, Optional<java.nio.file.Path> skipIfExists) {}

  /** The same service started with {@code extra} appended to its arguments (e.g. the QoE job's {@code --fresh}). */
  public ServiceDefinition withExtraArgs(List<String> extra) {
    List<String> all = new java.util.ArrayList<>(args);
    all.addAll(extra);
    return new ServiceDefinition(name, module, mainClass, List.copyOf(all), address, health, env, secrets, jvmOptions,
        logging, stopGrace, startTimeout, prepare);
  }

  public String marker() {
    return "-Dott.component=" + name;
  }
}
