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
 * io.ottplatform.ingest.X: message}. A module that ships its own configuration keeps it; one that
 * ships none (the QoE job today logs nothing: log4j2 without a configuration) gets the launcher's copy
 * through {@code -Dlog4j2.configurationFile} or {@code -Dlogback.configurationFile}. A Dropwizard
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
    return switch (service.logging()) {
      case DROPWIZARD -> List.of();
      case LOG4J2 -> shipsOwn(service, "log4j2.properties", "log4j2.xml", "log4j2.yaml", "log4j2.json") ? List.of()
          : List.of("-Dlog4j2.configurationFile=" + install(LOG4J2));
      case LOGBACK -> shipsOwn(service, "logback.xml") ? List.of()
          : List.of("-Dlogback.configurationFile=" + install(LOGBACK));
    };
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
