package io.ottplatform.qoe.queries;

import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.qoe.QuantileSketch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Live QoE by one dimension over {@code [from, to)} from the QoE job's {@code qoe_minute} table in PostgreSQL:
 * {@link #SQL} (quoted in docs/stream-jobs.md) sums the numerators and denominators and collects the minutes'
 * startup-time sketches; this class merges the sketches, which PostgreSQL cannot (they are Apache DataSketches KLL
 * sketches in their standard binary form).
 *
 * <p>A range covers whole minutes ({@code window_start} in it). Minutes still open are included with their latest
 * early figures. Rows written before the numerators existed have NULL stall and playing times and add nothing to
 * the ratio of sums.
 */
public final class LiveQoeQuery {

  /** The query, with named parameters {@code :dimension}, {@code :from}, {@code :to}. */
  public static final String SQL = load("live-qoe.sql");

  private static final String JDBC_SQL = SQL.replace(":dimension", "?").replace(":from", "?").replace(":to", "?")
      .replaceAll(";\\s*$", "");

  private LiveQoeQuery() {}

  /** One {@link LiveQoe} per value of {@code dimension} with activity in {@code [from, to)}, ordered by value. */
  public static List<LiveQoe> byDimension(Connection connection, QoeDimension dimension, Instant from, Instant to)
      throws SQLException {
    if (dimension == QoeDimension.UNKNOWN) {
      throw new IllegalArgumentException("dimension must be one of GLOBAL, TITLE, CDN, COUNTRY, DEVICE_TYPE, PLAYER: "
          + dimension);
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to: from=" + from + ", to=" + to);
    }
    List<LiveQoe> rows = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(JDBC_SQL)) {
      ps.setString(1, dimension.name());
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new LiveQoe(rs.getString("dimension_value"), rs.getLong("minutes"), rs.getLong("views_started"),
              rs.getLong("plays"), rs.getLong("peak_concurrent_plays"), rs.getLong("views_ended"),
              rs.getLong("video_start_failures"), rs.getLong("video_playback_failures"),
              rs.getLong("exits_before_video_start"), rs.getLong("rebuffer_duration_ms"),
              rs.getLong("playing_time_ms"), merge(rs.getArray("startup_time_sketches"))));
        }
      }
    }
    return rows;
  }

  /** The GLOBAL row over {@code [from, to)}; all zeros when nothing happened. */
  public static LiveQoe global(Connection connection, Instant from, Instant to) throws SQLException {
    List<LiveQoe> rows = byDimension(connection, QoeDimension.GLOBAL, from, to);
    return rows.isEmpty() ? new LiveQoe("all", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new QuantileSketch()) : rows.get(0);
  }

  static QuantileSketch merge(Array sketches) throws SQLException {
    QuantileSketch merged = new QuantileSketch();
    if (sketches == null) {
      return merged;
    }
    for (Object bytes : (Object[]) sketches.getArray()) {
      if (bytes != null) {
        merged.merge(QuantileSketch.fromBytes((byte[]) bytes));
      }
    }
    return merged;
  }

  private static String load(String name) {
    try (InputStream in = LiveQoeQuery.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + LiveQoeQuery.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
