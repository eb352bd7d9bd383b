package io.ottplatform.serving.dashboard.lake;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's one way to ask the lake: a prepared statement over Trino's JDBC driver (a connection per query:
 * the dashboard asks a few times a minute, and Trino's driver holds no server-side session worth pooling), with a
 * timeout. A failure is logged with the driver's reason and becomes {@link LakeUnavailableException}, whose message
 * is safe to answer with: the driver's text names hosts, ports and tables.
 */
public final class TrinoQueries {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoQueries.class);

  /** Sets a statement's parameters. */
  @FunctionalInterface
  public interface Parameters {
    void set(PreparedStatement ps) throws SQLException;
  }

  /** One result row as the caller's type. */
  @FunctionalInterface
  public interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final String url;
  private final String user;
  private final Duration timeout;

  public TrinoQueries(String url, String user, Duration timeout) {
    this.url = url;
    this.user = user;
    this.timeout = timeout;
  }

  /** Every row of {@code sql}; {@code what} names the query in the log. */
  public <T> List<T> list(String what, String sql, Parameters parameters, Row<T> row) {
    Properties props = new Properties();
    props.setProperty("user", user);
    try (Connection c = DriverManager.getConnection(url, props);
         PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      parameters.set(ps);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row.read(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      LOG.warn("lake query '{}' failed", what, e);
      throw new LakeUnavailableException();
    }
  }
}
