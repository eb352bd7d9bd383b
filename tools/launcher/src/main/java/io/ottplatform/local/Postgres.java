package io.ottplatform.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The machine's PostgreSQL server: checks it is reachable and manages the platform's databases. */
public final class Postgres {

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  public Postgres(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  public static Postgres local() {
    return PlatformConfig.fromEnvironment().postgres();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String address() {
    return host + ":" + port;
  }

  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /** Fails with a message that says how to fix it when the server cannot be reached. */
  public void requireReachable() {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw new PlatformException(String.format(
          "PostgreSQL is not reachable at %s as user %s (%s). Start it (on Debian: "
              + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) "
              + "or point OTT_PG_HOST / OTT_PG_PORT / OTT_PG_USER / OTT_PG_PASSWORD at a running server.",
          address(), user, e.getMessage()), e);
    }
  }

  public boolean isHealthy() {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      return s.execute("SELECT 1");
    } catch (SQLException e) {
      return false;
    }
  }

  /** Creates the database if it does not exist; returns true if it created it. */
  public boolean ensureDatabase(String name) {
    requireIdentifier(name);
    try (Connection c = connect("postgres")) {
      try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        q.setString(1, name);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            return false;
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
        return true;
      } catch (SQLException e) {
        if ("42P04".equals(e.getSQLState())) { // created concurrently by another run
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new PlatformException("cannot create database " + name + " on " + address() + ": " + e.getMessage(), e);
    }
  }

  public void dropDatabase(String name) {
    requireIdentifier(name);
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new PlatformException("cannot drop database " + name + " on " + address() + ": " + e.getMessage(), e);
    }
  }

  public boolean databaseExists(String name) {
    try (Connection c = connect("postgres");
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new PlatformException("cannot list databases on " + address() + ": " + e.getMessage(), e);
    }
  }

  private static void requireIdentifier(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new PlatformException("database name " + name + " must be a lower-case SQL identifier");
    }
  }
}
