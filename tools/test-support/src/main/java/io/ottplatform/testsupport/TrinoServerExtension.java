package io.ottplatform.testsupport;

import io.ottplatform.local.IcebergCatalogTables;
import io.ottplatform.local.PlatformConfig;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.Ports;
import io.ottplatform.local.TrinoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Trino server for one test class, with an Iceberg catalog (named {@value #CATALOG}, like the
 * Spark catalog) over the JDBC catalog in the given test database and a temporary warehouse, and a PostgreSQL
 * catalog (named {@value #LIVE_CATALOG}, as on the platform) over the same test database: tables a test creates
 * there (the QoE job's migrations, say) are {@code postgresql.public.<table>} in Trino, joinable with the lake.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
 * @RegisterExtension static final TrinoServerExtension TRINO = new TrinoServerExtension(DB);
 * }</pre>
 */
public final class TrinoServerExtension implements BeforeAllCallback, AfterAllCallback {

  public static final String CATALOG = "lake";
  public static final String LIVE_CATALOG = TrinoServer.LIVE_CATALOG;

  private final PostgresDatabaseExtension catalogDatabase;
  private Path dir;
  private Path warehouse;
  private TrinoServer server;
  private Thread reaper;

  public TrinoServerExtension(PostgresDatabaseExtension catalogDatabase) {
    this.catalogDatabase = catalogDatabase;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    String database = catalogDatabase.create(context.getRequiredTestClass().getSimpleName());
    IcebergCatalogTables.ensure(catalogDatabase.postgres(), database);
    dir = Files.createTempDirectory("ott-trino-");
    warehouse = Files.createDirectories(dir.resolve("warehouse"));
    PlatformConfig config = PlatformConfig.fromEnvironment();
    if (config.java25Home() == null) {
      throw new PlatformException("Trino needs a Java 25 JDK: install one or set OTT_JAVA25_HOME");
    }
    server = TrinoServer.prepare(dir, Ports.freePort(), "1G", config.java25Home().resolve("bin/java"))
        .withIcebergCatalog(CATALOG, catalogDatabase.postgres(), database, warehouse)
        .withPostgresCatalog(LIVE_CATALOG, catalogDatabase.postgres(), database);
    reaper = new Thread(() -> server.process().ifPresent(ProcessHandle::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(reaper);
    server.start(false, Duration.ofSeconds(180));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (server != null) {
        server.stop();
      }
    } finally {
      if (reaper != null) {
        Runtime.getRuntime().removeShutdownHook(reaper);
      }
      KafkaBrokerExtension.deleteRecursively(dir);
    }
  }

  public String jdbcUrl() {
    return server.jdbcUrl(CATALOG);
  }

  public Path warehouse() {
    return warehouse;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "test", null);
  }
}
