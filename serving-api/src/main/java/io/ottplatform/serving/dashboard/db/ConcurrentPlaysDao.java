package io.ottplatform.serving.dashboard.db;

import io.ottplatform.schemas.avro.QoeDimension;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Concurrent plays now, per dimension value: the value of the range's latest minute in {@code qoe_minute}.
 * Distinct sessions cannot be summed over minutes, so this is a figure of one minute, next to libs/qoe-queries'
 * peak over the range.
 */
public final class ConcurrentPlaysDao {

  private final Jdbi jdbi;

  public ConcurrentPlaysDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Map<String, Long> latest(QoeDimension dimension, Instant from, Instant to) {
    Map<String, Long> latest = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("""
            SELECT DISTINCT ON (dimension_value) dimension_value, concurrent_plays
              FROM qoe_minute
             WHERE dimension = :dimension AND window_start >= :from AND window_start < :to
             ORDER BY dimension_value, window_start DESC""")
        .bind("dimension", dimension.name()).bind("from", from).bind("to", to)
        .map((rs, ctx) -> latest.put(rs.getString("dimension_value"), rs.getLong("concurrent_plays")))
        .list());
    return latest;
  }
}
