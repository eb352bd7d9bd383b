package io.ottplatform.recommender.serving;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * Writes a model into the serving database's rec_* tables (owned by serving-api's Liquibase changeset
 * {@code serving-api:5-recommendations}) and switches an arm to it. The order is the contract's:
 * <ol>
 *   <li>load: the rec_models row and all rows of the new version, by COPY, in one transaction — serving
 *       keeps reading the version its arms point at and never sees the new one half-loaded;</li>
 *   <li>switch: in ONE transaction, upsert the arm's model_version (control takes 100 minus the other
 *       arms' traffic) — the only moment serving changes model;</li>
 *   <li>clean up: delete (cascading) the versions no arm references, except the arm's previous
 *       version, kept for rollback ({@code export --run-id <previous>} switches back without reloading).</li>
 * </ol>
 */
public final class ServingExport {

  public static final String CONTROL = "control";

  private final String url;
  private final String user;
  private final String password;

  public ServingExport(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The model an arm serves, if any. */
  public Optional<ServingModel> current(String arm) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT m.model_version, m.run_id, m.metric_name, m.metric_value "
            + "FROM rec_serving_arms a JOIN rec_models m ON m.model_version = a.model_version WHERE a.arm = ?")) {
      ps.setString(1, arm);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new ServingModel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the serving model of arm " + arm + " from " + url + ": "
          + e.getMessage(), e);
    }
  }

  /** The algorithm of a loaded version (rec_models.algorithm), or null when there is no such version. */
  public String algorithm(String modelVersion) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT algorithm FROM rec_models WHERE model_version = ?")) {
      ps.setString(1, modelVersion);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read model version " + modelVersion + " from " + url + ": "
          + e.getMessage(), e);
    }
  }

  /** The rows of a new model version. */
  public record ModelRows(Iterator<RankedRow> profileTitles, Iterator<RankedRow> similarTitles,
      Iterator<RankedRow> popularTitles) {}

  /** What the switch did. */
  public record Switch(String arm, String modelVersion, String previousVersion, int trafficPercent, boolean loaded,
      int deletedVersions) {}

  /**
   * Loads the version (unless already loaded: switching back to a kept version needs no rows), then
   * switches the arm to it and cleans up.
   *
   * @param percent the arm's traffic; empty for control, which takes what the other arms leave
   */
  public Switch export(ServingModel model, String algorithm, Map<String, String> params, ModelRows rows, String arm,
      Optional<Integer> percent) {
    if (!arm.equals(CONTROL) && current(CONTROL).isEmpty()) {
      // checked before loading too, so a refused experiment leaves no orphan version behind
      throw new IllegalStateException("no control arm yet: promote a model to control before an experiment arm " + arm);
    }
    try (Connection c = connect()) {
      boolean loaded = !exists(c, model.modelVersion());
      if (loaded) {
        load(c, model, algorithm, params, rows);
      }
      String[] previous = new String[1];
      int traffic = switchArm(c, arm, model.modelVersion(), percent, previous);
      int deleted = cleanUp(c, previous[0]);
      return new Switch(arm, model.modelVersion(), previous[0], traffic, loaded, deleted);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("export of model " + model.modelVersion() + " to " + url + " failed: "
          + e.getMessage(), e);
    }
  }

  private void load(Connection c, ServingModel model, String algorithm, Map<String, String> params, ModelRows rows)
      throws SQLException, IOException {
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO rec_models (model_version, run_id, algorithm, "
          + "metric_name, metric_value, params) VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
        ps.setString(1, model.modelVersion());
        ps.setString(2, model.runId());
        ps.setString(3, algorithm);
        ps.setString(4, model.metricName());
        ps.setDouble(5, model.metricValue());
        ps.setString(6, json(params));
        ps.executeUpdate();
      }
      PGConnection pg = c.unwrap(PGConnection.class);
      copy(pg, "rec_profile_titles (model_version, profile_id, rank, title_id, score)", model.modelVersion(),
          rows.profileTitles());
      copy(pg, "rec_similar_titles (model_version, title_id, rank, similar_title_id, score)", model.modelVersion(),
          rows.similarTitles());
      copy(pg, "rec_popular_titles (model_version, country, rank, title_id, score)", model.modelVersion(),
          rows.popularTitles());
      c.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void copy(PGConnection pg, String target, String version, Iterator<RankedRow> rows)
      throws SQLException, IOException {
    pg.getCopyAPI().copyIn("COPY " + target + " FROM STDIN (FORMAT csv)", new CsvRows(version, rows));
  }

  private int switchArm(Connection c, String arm, String version, Optional<Integer> percent, String[] previous)
      throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      // serialise concurrent promotions; readers are not blocked (SHARE ROW EXCLUSIVE allows SELECT)
      st.execute("LOCK TABLE rec_serving_arms IN SHARE ROW EXCLUSIVE MODE");
      int others = 0;
      String control = null;
      try (ResultSet rs = st.executeQuery("SELECT arm, model_version, traffic_percent FROM rec_serving_arms")) {
        while (rs.next()) {
          if (rs.getString(1).equals(arm)) {
            previous[0] = rs.getString(2);
          }
          if (rs.getString(1).equals(CONTROL)) {
            control = rs.getString(2);
          } else if (!rs.getString(1).equals(arm)) {
            others += rs.getInt(3);
          }
        }
      }
      int traffic;
      if (arm.equals(CONTROL)) {
        traffic = 100 - others;
        upsert(c, CONTROL, version, traffic);
      } else {
        if (control == null) {
          throw new IllegalStateException("no control arm yet: promote a model to control before an experiment arm "
              + arm);
        }
        traffic = percent.orElseThrow(() -> new IllegalArgumentException("arm " + arm + " needs a traffic percent"));
        if (others + traffic > 100) {
          throw new IllegalArgumentException("arm " + arm + " at " + traffic + "% plus the other experiment arms' "
              + others + "% exceeds 100%");
        }
        upsert(c, arm, version, traffic);
        upsert(c, CONTROL, control, 100 - others - traffic);
      }
      c.commit();
      return traffic;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void upsert(Connection c, String arm, String version, int traffic) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO rec_serving_arms (arm, model_version, traffic_percent, "
        + "updated_at) VALUES (?, ?, ?, now()) ON CONFLICT (arm) DO UPDATE SET model_version = EXCLUDED.model_version, "
        + "traffic_percent = EXCLUDED.traffic_percent, updated_at = now()")) {
      ps.setString(1, arm);
      ps.setString(2, version);
      ps.setInt(3, traffic);
      ps.executeUpdate();
    }
  }

  private static int cleanUp(Connection c, String keep) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM rec_models m WHERE NOT EXISTS "
        + "(SELECT 1 FROM rec_serving_arms a WHERE a.model_version = m.model_version) "
        + "AND m.model_version IS DISTINCT FROM ?")) {
      ps.setString(1, keep);
      return ps.executeUpdate();
    }
  }

  private static boolean exists(Connection c, String version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rec_models WHERE model_version = ?")) {
      ps.setString(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  static String json(Map<String, String> params) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(jsonString(e.getKey())).append(':').append(jsonString(e.getValue()));
    }
    return sb.append('}').toString();
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Streams rows as COPY csv lines without materialising the whole version. */
  private static final class CsvRows extends Reader {
    private final String version;
    private final Iterator<RankedRow> rows;
    private final StringBuilder buffer = new StringBuilder();
    private int position;

    CsvRows(String version, Iterator<RankedRow> rows) {
      this.version = version;
      this.rows = rows;
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
      while (position == buffer.length()) {
        if (!rows.hasNext()) {
          return -1;
        }
        buffer.setLength(0);
        position = 0;
        for (int i = 0; i < 1000 && rows.hasNext(); i++) {
          RankedRow r = rows.next();
          buffer.append(csv(version)).append(',').append(csv(r.key())).append(',').append(r.rank()).append(',')
              .append(csv(r.item())).append(',').append(r.score()).append('\n');
        }
      }
      int n = Math.min(len, buffer.length() - position);
      buffer.getChars(position, position + n, cbuf, off);
      position += n;
      return n;
    }

    private static String csv(String s) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {}
  }
}
