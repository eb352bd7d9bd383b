package io.ottplatform.testsupport;

import io.ottplatform.local.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on the machine's PostgreSQL for one test class, dropped afterwards.
 *
 * <pre>{@code @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();}</pre>
 */
public final class PostgresDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

  private final Postgres postgres = Postgres.local();
  private String database;

  @Override
  public void beforeAll(ExtensionContext context) {
    create(context.getRequiredTestClass().getSimpleName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    drop();
  }

  /** Creates the database now (idempotent); other extensions that need it call this first. */
  public synchronized String create(String owner) {
    if (database == null) {
      postgres.requireReachable();
      String prefix = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
      database = "t_" + prefix.substring(0, Math.min(30, prefix.length())) + "_"
          + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      postgres.ensureDatabase(database);
    }
    return database;
  }

  public synchronized void drop() {
    if (database != null) {
      postgres.dropDatabase(database);
      database = null;
    }
  }

  public String database() {
    if (database == null) {
      throw new IllegalStateException("the test database is not created yet (register the extension)");
    }
    return database;
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl(database());
  }

  public String user() {
    return postgres.user();
  }

  public String password() {
    return postgres.password();
  }

  public Postgres postgres() {
    return postgres;
  }

  public Connection connect() throws SQLException {
    return postgres.connect(database());
  }
}
