package io.ottplatform.migrations;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * One owner's Liquibase changelog, applied to PostgreSQL while a {@code pg_advisory_lock} keyed by the changelog's
 * name is held. Liquibase's own lock table is created without any lock, so two processes migrating an empty
 * database at once race on it; the advisory lock serializes them, and the second one finds nothing left to do.
 *
 * <p>Each owner keeps its changelog (a classpath resource of its own artifact) and says which class loader finds
 * it. An owner sharing a database with others gives its changelog tables a prefix of their own
 * ({@link #withTablePrefix}), so two owners' histories never mix; serving-api's changelog keeps Liquibase's default
 * tables because Dropwizard's {@code db migrate} writes there.
 *
 * <pre>{@code
 * LockedMigration.of("db/qoe-job.changelog.sql", QoeJobMigrations.class).withTablePrefix("qoe_job")
 *     .apply(jdbcUrl, user, password);
 * }</pre>
 */
public final class LockedMigration {

  private final String changelog;
  private final ClassLoader resources;
  private final String tablePrefix; // null: Liquibase's default DATABASECHANGELOG / DATABASECHANGELOGLOCK

  private LockedMigration(String changelog, ClassLoader resources, String tablePrefix) {
    this.changelog = changelog;
    this.resources = resources;
    this.tablePrefix = tablePrefix;
  }

  /** The changelog at classpath path {@code changelog}, found by {@code owner}'s class loader. */
  public static LockedMigration of(String changelog, Class<?> owner) {
    Objects.requireNonNull(owner, "owner");
    if (changelog == null || changelog.isBlank()) {
      throw new IllegalArgumentException("changelog path is empty: '" + changelog + "'");
    }
    return new LockedMigration(changelog, owner.getClassLoader(), null);
  }

  /** Changelog tables {@code <prefix>_databasechangelog} and {@code <prefix>_databasechangeloglock}. */
  public LockedMigration withTablePrefix(String prefix) {
    if (prefix == null || !prefix.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("changelog table prefix must be a lower-case SQL identifier: '" + prefix + "'");
    }
    return new LockedMigration(changelog, resources, prefix);
  }

  public String changelog() {
    return changelog;
  }

  /** The table Liquibase records applied changesets in. */
  public String changelogTable() {
    return tablePrefix == null ? "databasechangelog" : tablePrefix + "_databasechangelog";
  }

  public String lockTable() {
    return tablePrefix == null ? "databasechangeloglock" : tablePrefix + "_databasechangeloglock";
  }

  /** Opens a connection, applies every changeset not applied yet, closes it (which also frees the lock). */
  public void apply(String jdbcUrl, String user, String password) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password)) {
      apply(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot migrate " + jdbcUrl + " (" + changelog + "): " + e.getMessage(), e);
    }
  }

  /**
   * Applies every changeset not applied yet on {@code connection}, which stays open with its auto-commit mode as it
   * was (Liquibase turns it off on PostgreSQL); the lock is released either way.
   */
  public void apply(Connection connection) {
    requireChangelogOnClasspath();
    // no network calls from a process start (Liquibase 4.30+ reports usage unless told not to)
    System.setProperty("liquibase.analytics.enabled", "false");
    System.setProperty("liquibase.showBanner", "false");
    long key = lockKey(changelog);
    Exception failure = null;
    try {
      boolean autoCommit = connection.getAutoCommit();
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_lock(" + key + ")"); // waits while another process migrates
      }
      try {
        update(connection);
      } catch (Exception e) {
        failure = e;
        if (!connection.getAutoCommit()) {
          connection.rollback(); // an aborted transaction would refuse the unlock below
        }
      }
      connection.setAutoCommit(autoCommit);
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_unlock(" + key + ")");
      }
    } catch (SQLException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw new IllegalStateException("cannot migrate " + describe(connection) + " (" + changelog + "): "
          + failure.getMessage(), failure);
    }
  }

  private void update(Connection connection) throws Exception {
    Database database = DatabaseFactory.getInstance()
        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
    if (tablePrefix != null) {
      database.setDatabaseChangeLogTableName(changelogTable());
      database.setDatabaseChangeLogLockTableName(lockTable());
    }
    // a Database handed in (not a URL) is left open by the command: the caller owns the connection
    Scope.child(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(resources),
        () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
            .execute());
  }

  private void requireChangelogOnClasspath() {
    if (resources.getResource(changelog) == null) {
      throw new IllegalStateException("changelog " + changelog + " is not on the classpath of " + resources);
    }
  }

  /**
   * The advisory lock key of a changelog: the first 8 bytes of SHA-256 over its path. Stable across JVMs and
   * versions (never {@code String.hashCode}, whose 32 bits collide more easily), and distinct per changelog, so
   * owners migrating different changelogs never wait for each other.
   */
  static long lockKey(String changelog) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("ott-migrations:" + changelog).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e); // every Java SE has it
    }
  }

  private static String describe(Connection connection) {
    try {
      return connection.getMetaData().getURL();
    } catch (SQLException e) {
      return "the database";
    }
  }
}
