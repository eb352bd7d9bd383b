package io.ottplatform.local.service;

import io.ottplatform.local.PlatformException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Gives every service the platform's one log format: {@code 2026-12-04T23:59:00.123Z INFO  [ingest-api]
 * io.ottplatform.ingest.X: message}. A log4j2 service always gets the launcher's copy through
 * {@code -Dlog4j2.configurationFile}, which overrides a log4j2 file in its jar (media-pipeline ships one in
 * its command-line tool's short format, which used to win); a logback one that ships no {@code logback.xml}
 * gets it through {@code -Dlogback.configurationFile}. A Dropwizard
 * service configures logback itself from its YAML ({@code logging.appenders[].logFormat}, {@link
 * #DROPWIZARD_FORMAT}); the launcher cannot set it from outside: Dropwizard's {@code -Ddw.logging.appenders[0].logFormat}
 * override fails ("node with index not found") when the YAML lists no appender.
 */
public final class ServiceLogging {

  /** The pattern, in logback's syntax, a Dropwizard service's YAML should set ({component}: its name). */
  public static final String DROPWIZARD_FORMAT = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [{component}] %logger{36}: %msg%n%rEx";

  private static final String LOG4J2 = "log4j2-service.properties";
  private static final String LOGBACK = "logback-service.xml";

  private final Path root;
  private final Path confDir;

  public ServiceLogging(Path root, Path home) {
    this.root = root;
    this.confDir = home.resolve("conf");
  }

  public List<String> jvmOptions(ServiceDefinition service) {
    List<String> options = new java.util.ArrayList<>(switch (service.logging()) {
      case DROPWIZARD -> List.<String>of();
      // always: a jar's own log4j2.xml may have a format of its own (media-pipeline's is its CLI's), and the
      // system property wins over whatever the classpath ships
      case LOG4J2 -> List.of("-Dlog4j2.configurationFile=" + install(LOG4J2));
      case LOGBACK -> shipsOwn(service, "logback.xml") ? List.<String>of()
          : List.of("-Dlogback.configurationFile=" + install(LOGBACK));
    });
    if (service.logging() != ServiceDefinition.Logging.DROPWIZARD) { // Dropwizard bridges JUL into logback itself
      options.add("-Djava.util.logging.config.file=" + julConfig(service.name()));
    }
    return options;
  }

  /**
   * Libraries that log through java.util.logging (Liquibase in the QoE job's migrations) print JUL's
   * two-line default; this gives them the same columns (the offset is the JVM's zone, which JUL formats
   * in).
   */
  private Path julConfig(String component) {
    Path target = confDir.resolve("jul-" + component + ".properties");
    String text = "handlers=java.util.logging.ConsoleHandler\n"
        + ".level=INFO\n"
        + "java.util.logging.ConsoleHandler.level=ALL\n"
        + "java.util.logging.SimpleFormatter.format=%1$tFT%1$tT.%1$tL%1$tz %4$-5s [" + component + "] %3$s: %5$s%6$s%n\n";
    try {
      Files.createDirectories(confDir);
      Files.writeString(target, text);
      return target;
    } catch (IOException e) {
      throw new PlatformException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private boolean shipsOwn(ServiceDefinition service, String... names) {
    Path resources = root.resolve(service.module()).resolve("src/main/resources");
    for (String name : names) {
      if (Files.exists(resources.resolve(name))) {
        return true;
      }
    }
    return false;
  }

  /** Copies the launcher's configuration to {@code $OTT_HOME/conf} (a file path every backend accepts). */
  private Path install(String name) {
    Path target = confDir.resolve(name);
    try (InputStream in = ServiceLogging.class.getResourceAsStream("/io/ottplatform/local/logging/" + name)) {
      if (in == null) {
        throw new PlatformException("the launcher's logging configuration " + name + " is missing from its classpath");
      }
      Files.createDirectories(confDir);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new PlatformException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
