package io.ottplatform.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Trino server ({@code trino-server-core} plus the Iceberg and PostgreSQL plugins, from Maven) on the Java 25
 * JDK, with an Iceberg catalog over the JDBC catalog in PostgreSQL and a local warehouse (the lake), and a
 * PostgreSQL catalog over the platform's database (the live tables), so one query can join both.
 *
 * <p>The archives are unpacked once into a shared cache; each server gets its own etc and data folders.
 */
public final class TrinoServer {

  public static final String MARKER = "-Dott.component=trino";
  /** The catalog of the platform's PostgreSQL database (the live tables) next to the lake. */
  public static final String LIVE_CATALOG = "postgresql";

  private final Path install;
  private final Path dir;
  private final int port;
  private final String heap;
  private final Path java;
  private ProcessHandle process;

  private TrinoServer(Path install, Path dir, int port, String heap, Path java) {
    this.install = install;
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.heap = heap;
    this.java = java;
  }

  /** A server whose state lives in {@code dir}, after unpacking Trino into the shared cache if needed. */
  public static TrinoServer prepare(Path dir, int port, String heap, Path java25) {
    return new TrinoServer(installation(), dir, port, heap, java25);
  }

  public String jdbcUrl(String catalog) {
    return "jdbc:trino://127.0.0.1:" + port + "/" + catalog;
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return dir.resolve("logs/server.out");
  }

  public Optional<ProcessHandle> process() {
    return Optional.ofNullable(process).filter(ProcessHandle::isAlive);
  }

  /** Writes the catalog file of an Iceberg lake over a JDBC catalog in PostgreSQL. */
  public TrinoServer withIcebergCatalog(String name, Postgres postgres, String database, Path warehouse) {
    List<String> lines = new ArrayList<>(List.of(
        "connector.name=iceberg",
        "iceberg.catalog.type=jdbc",
        // must equal the name Spark gives the catalog: the JDBC catalog keys every row by it
        "iceberg.jdbc-catalog.catalog-name=" + name,
        "iceberg.jdbc-catalog.driver-class=org.postgresql.Driver",
        "iceberg.jdbc-catalog.connection-url=" + postgres.jdbcUrl(database),
        "iceberg.jdbc-catalog.connection-user=" + postgres.user(),
        "iceberg.jdbc-catalog.default-warehouse-dir=" + warehouse.toUri(),
        // Spark writes file:/ paths; Trino reads them only through the native local file system
        "fs.native-local.enabled=true",
        "local.location=/"));
    if (!postgres.password().isEmpty()) {
      lines.add("iceberg.jdbc-catalog.connection-password=" + postgres.password());
    }
    write(dir.resolve("etc/catalog/" + name + ".properties"), String.join("\n", lines) + "\n");
    return this;
  }

  /**
   * Writes the catalog file of Trino's PostgreSQL connector over {@code database}: the live tables ({@code qoe_view},
   * {@code qoe_minute}) as {@code <name>.public.<table>}, read-only by convention (analysts query, jobs write).
   */
  public TrinoServer withPostgresCatalog(String name, Postgres postgres, String database) {
    List<String> lines = new ArrayList<>(List.of(
        "connector.name=postgresql",
        "connection-url=" + postgres.jdbcUrl(database),
        "connection-user=" + postgres.user()));
    if (!postgres.password().isEmpty()) {
      lines.add("connection-password=" + postgres.password());
    }
    write(dir.resolve("etc/catalog/" + name + ".properties"), String.join("\n", lines) + "\n");
    return this;
  }

  /** 60 % of a JVM heap setting such as {@code 1G}, {@code 1536m} or {@code 2g}, in megabytes. */
  static long queryMemoryMb(String heap) {
    String h = heap.trim().toLowerCase(Locale.ROOT);
    long mb;
    try {
      long n = Long.parseLong(h.replaceAll("[kmg]$", ""));
      mb = h.endsWith("g") ? n * 1024 : h.endsWith("m") ? n : h.endsWith("k") ? n / 1024 : n / (1024 * 1024);
    } catch (NumberFormatException e) {
      throw new PlatformException("Trino heap '" + heap + "' is not a JVM size such as 1G or 1536m (OTT_TRINO_HEAP)", e);
    }
    return Math.max(128, mb * 6 / 10);
  }

  public TrinoServer start(boolean detach, Duration timeout) {
    Ports.requireFree(port, "Trino", "OTT_TRINO_PORT");
    write(dir.resolve("etc/config.properties"), String.join("\n",
        "coordinator=true",
        "node-scheduler.include-coordinator=true",
        "http-server.http.port=" + port,
        "discovery.uri=http://127.0.0.1:" + port,
        // a query may use 60 % of the heap (Trino keeps 30 % as headroom): with the fixed 512 MB of before,
        // an analyst's count(DISTINCT ...) over 3M rows failed on a 1 GB server
        "query.max-memory=" + queryMemoryMb(heap) + "MB",
        "query.max-memory-per-node=" + queryMemoryMb(heap) + "MB",
        "") );
    write(dir.resolve("etc/log.properties"), "io.trino=INFO\n");
    try {
      Files.createDirectories(dir.resolve("etc/catalog"));
      Files.createDirectories(dir.resolve("data"));
    } catch (IOException e) {
      throw new PlatformException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    List<String> command = List.of(
        java.toString(), "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
        "-XX:ReservedCodeCacheSize=256M", "-Djdk.attach.allowAttachSelf=true", "-Dfile.encoding=UTF-8",
        "--enable-native-access=ALL-UNNAMED", MARKER,
        "-Dnode.environment=ott", "-Dnode.id=" + UUID.randomUUID(), "-Dnode.data-dir=" + dir.resolve("data"),
        "-Dnode.internal-address=127.0.0.1",
        "-Dconfig=" + dir.resolve("etc/config.properties"),
        "-Dlog.levels-file=" + dir.resolve("etc/log.properties"),
        "-Dcatalog.config-dir=" + dir.resolve("etc/catalog"),
        "-Dplugin.dir=" + install.resolve("plugin"),
        "-cp", install.resolve("lib") + "/*", "io.trino.server.TrinoServer");
    process = ChildProcess.start(command, install, logFile(), detach).toHandle();
    awaitReady(timeout);
    return this;
  }

  public static Optional<ProcessHandle> running(Path pidFile) {
    return ChildProcess.fromPidFile(pidFile, MARKER);
  }

  public void stop() {
    process().ifPresent(p -> ChildProcess.stop(p, Duration.ofSeconds(20)));
  }

  public boolean isHealthy() {
    return isHealthy(port);
  }

  /** Trino answers /v1/info with "starting":false once it accepts queries. */
  public static boolean isHealthy(int port) {
    if (!Ports.isListening("127.0.0.1", port)) {
      return false;
    }
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info")).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"starting\":false");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new PlatformException("Trino exited during start-up; its log " + logFile() + " ends with:\n"
            + ChildProcess.tail(logFile(), 40));
      }
      if (isHealthy() && answersAQuery()) {
        return;
      }
      KafkaBroker.sleep(500);
    }
    throw new PlatformException("Trino did not become ready on port " + port + " within " + timeout + "; see " + logFile());
  }

  /**
   * "starting":false comes before the coordinator has announced itself as a worker to its own discovery
   * service; a query in that gap fails with "No nodes available to run query". Ready means a query runs.
   */
  private boolean answersAQuery() {
    try (Connection connection = DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port, "ott", null);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
      return rows.next() && rows.getLong(1) > 0;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Unpacks trino-server-core, the Iceberg plugin and the PostgreSQL plugin once into ~/.cache/ott-platform
   * (atomically; an installation unpacked before the PostgreSQL plugin was added gets it added).
   */
  static synchronized Path installation() {
    var props = RuntimeClasspath.platformProperties();
    String version = props.getProperty("trino.version");
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "ott-platform");
    Path target = cache.resolve("trino-server-" + version);
    if (Files.isDirectory(target.resolve("plugin/iceberg")) && Files.isDirectory(target.resolve("lib"))) {
      if (!Files.isDirectory(target.resolve("plugin/postgresql"))) {
        addPostgresPlugin(props, version, cache, target);
      }
      return target;
    }
    Path server = Path.of(props.getProperty("trino.server.archive"));
    Path plugin = Path.of(props.getProperty("trino.iceberg.archive"));
    for (Path archive : List.of(server, plugin)) {
      if (!Files.isReadable(archive)) {
        throw new PlatformException("Trino archive " + archive + " is missing: rebuild tools/launcher with Maven "
            + "(it downloads io.trino:trino-server-core and io.trino:trino-iceberg " + version + ")");
      }
    }
    Path staging = cache.resolve("staging-" + UUID.randomUUID());
    try {
      Files.createDirectories(staging);
      ChildProcess.run(List.of("tar", "xzf", server.toString(), "-C", staging.toString()), staging,
          cache.resolve("unpack.log"), Duration.ofMinutes(5));
      Path unpacked = staging.resolve("trino-server-core-" + version);
      unzip(plugin, unpacked.resolve("plugin"));
      Files.move(unpacked.resolve("plugin/trino-iceberg-" + version), unpacked.resolve("plugin/iceberg"));
      addPostgresPlugin(props, version, cache, unpacked);
      try {
        Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raceLost) {
        if (!Files.isDirectory(target.resolve("plugin/iceberg"))) {
          throw raceLost;
        }
      }
      return target;
    } catch (IOException e) {
      throw new PlatformException("cannot unpack Trino into " + cache + ": " + e.getMessage(), e);
    } finally {
      deleteRecursively(staging);
    }
  }

  /**
   * Copies {@code plugin/postgresql} out of the full server archive into {@code installation}. Only that folder is
   * read from the archive (a minute's work, once); the move into place is atomic, so a concurrent start either sees
   * the whole plugin or none.
   */
  private static void addPostgresPlugin(java.util.Properties props, String version, Path cache, Path installation) {
    Path archive = Path.of(props.getProperty("trino.full.archive", ""));
    if (!Files.isReadable(archive)) {
      throw new PlatformException("Trino archive " + archive + " is missing: rebuild tools/launcher with Maven "
          + "(it downloads io.trino:trino-server " + version + " for its PostgreSQL plugin)");
    }
    Path staging = cache.resolve("staging-postgresql-" + UUID.randomUUID());
    try {
      Files.createDirectories(staging);
      String folder = "trino-server-" + version + "/plugin/postgresql";
      // the archive stores a jar once and hard-links its other copies to it (often into lib/ or another
      // plugin): list the folder first and extract those targets too, or tar cannot create the links
      Path listing = cache.resolve("list-postgresql.log");
      Files.deleteIfExists(listing);
      ChildProcess.run(List.of("tar", "tvzf", archive.toString(), folder), staging, listing, Duration.ofMinutes(10));
      java.util.Set<String> members = new java.util.LinkedHashSet<>(List.of(folder));
      for (String line : Files.readAllLines(listing)) {
        int link = line.indexOf(" link to ");
        if (link > 0) {
          members.add(line.substring(link + " link to ".length()).trim());
        }
      }
      List<String> extract = new ArrayList<>(List.of("tar", "xzf", archive.toString(), "-C", staging.toString()));
      extract.addAll(members);
      ChildProcess.run(extract, staging, cache.resolve("unpack-postgresql.log"), Duration.ofMinutes(10));
      try {
        Files.move(staging.resolve(folder), installation.resolve("plugin/postgresql"), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raceLost) {
        if (!Files.isDirectory(installation.resolve("plugin/postgresql"))) {
          throw raceLost;
        }
      }
    } catch (IOException e) {
      throw new PlatformException("cannot unpack Trino's PostgreSQL plugin into " + installation + ": " + e.getMessage(), e);
    } finally {
      deleteRecursively(staging);
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path out = into.resolve(entry.getName()).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("zip entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new PlatformException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new PlatformException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

}
