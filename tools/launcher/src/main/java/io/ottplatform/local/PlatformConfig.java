package io.ottplatform.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Settings of the local platform: environment variables with defaults, validated once, every problem
 * reported together. The same object drives {@code ./ott} and nothing else reads the environment.
 */
public record PlatformConfig(
    Path home,
    int kafkaPort,
    int kafkaControllerPort,
    String kafkaHeap,
    String pgHost,
    int pgPort,
    String pgUser,
    String pgPassword,
    String database,
    String lakeDatabase,
    String lakeCatalog,
    Path warehouse,
    int trinoPort,
    String trinoHeap,
    Path java25Home) {

  public static PlatformConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static PlatformConfig from(Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    Function<String, String> get = env::get;
    Path home = Path.of(or(get, "OTT_HOME", ".ott")).toAbsolutePath().normalize();
    int kafkaPort = port(get, "OTT_KAFKA_PORT", 9092, errors);
    int controllerPort = port(get, "OTT_KAFKA_CONTROLLER_PORT", 9093, errors);
    if (kafkaPort == controllerPort) {
      errors.add("OTT_KAFKA_PORT and OTT_KAFKA_CONTROLLER_PORT must differ, both are " + kafkaPort);
    }
    int pgPort = port(get, "OTT_PG_PORT", 5432, errors);
    int trinoPort = port(get, "OTT_TRINO_PORT", 8080, errors);
    String java25 = or(get, "OTT_JAVA25_HOME", JavaHomes.findJava25().map(Path::toString).orElse(""));
    Path java25Home = java25.isBlank() ? null : Path.of(java25);
    if (java25Home != null && !Files.isExecutable(java25Home.resolve("bin/java"))) {
      errors.add("OTT_JAVA25_HOME=" + java25 + " has no bin/java");
    }
    for (String name : new String[] {"OTT_DB", "OTT_LAKE_DB", "OTT_LAKE_CATALOG"}) {
      String value = get.apply(name);
      if (value != null && !value.matches("[a-z_][a-z0-9_]{0,62}")) {
        errors.add(name + "=" + value + " must be a lower-case SQL identifier");
      }
    }
    if (!errors.isEmpty()) {
      throw new PlatformException("invalid settings:\n  " + String.join("\n  ", errors));
    }
    return new PlatformConfig(
        home,
        kafkaPort,
        controllerPort,
        or(get, "OTT_KAFKA_HEAP", "512m"),
        or(get, "OTT_PG_HOST", "127.0.0.1"),
        pgPort,
        or(get, "OTT_PG_USER", "postgres"),
        or(get, "OTT_PG_PASSWORD", ""),
        or(get, "OTT_DB", "ott"),
        or(get, "OTT_LAKE_DB", "ott_lake"),
        or(get, "OTT_LAKE_CATALOG", "lake"),
        Path.of(or(get, "OTT_WAREHOUSE", home.resolve("warehouse").toString())).toAbsolutePath().normalize(),
        trinoPort,
        or(get, "OTT_TRINO_HEAP", "2G"),
        java25Home);
  }

  public String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  public String jdbcUrl(String db) {
    return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
  }

  public Postgres postgres() {
    return new Postgres(pgHost, pgPort, pgUser, pgPassword);
  }

  public Path runDir() {
    return home.resolve("run");
  }

  private static String or(Function<String, String> env, String name, String fallback) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int port(Function<String, String> env, String name, int fallback, List<String> errors) {
    String value = env.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        errors.add(name + "=" + value + " is not a port (1-65535)");
      }
      return port;
    } catch (NumberFormatException e) {
      errors.add(name + "=" + value + " is not a number");
      return fallback;
    }
  }
}
