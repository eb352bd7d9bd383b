package io.ottplatform.serving.dashboard;

import io.ottplatform.qoe.queries.LiveQoe;
import io.ottplatform.qoe.queries.LiveQoeQuery;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.serving.dashboard.api.LiveSummary;
import io.ottplatform.serving.dashboard.api.QoeAnswer;
import io.ottplatform.serving.dashboard.api.QoeFigures;
import io.ottplatform.serving.dashboard.db.ConcurrentPlaysDao;
import io.ottplatform.serving.dashboard.db.ViewsDao;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The dashboard's QoE over {@code qoe_minute}: libs/qoe-queries' ratios of sums and merged startup sketches, plus
 * the latest minute's concurrent plays. The live summary is computed at most once per {@code minRefresh} however
 * many streams are open (each would otherwise run six queries per tick).
 */
public final class LiveQoeService {

  private final Jdbi jdbi;
  private final ConcurrentPlaysDao concurrency;
  private final ViewsDao views;
  private final Duration liveWindow;
  private final Duration minRefresh;
  private final Clock clock;
  private LiveSummary cached; // guarded by this
  private Instant cachedAt = Instant.MIN; // guarded by this

  public LiveQoeService(Jdbi jdbi, ConcurrentPlaysDao concurrency, ViewsDao views, Duration liveWindow,
      Duration minRefresh, Clock clock) {
    this.jdbi = jdbi;
    this.concurrency = concurrency;
    this.views = views;
    this.liveWindow = liveWindow;
    this.minRefresh = minRefresh;
    this.clock = clock;
  }

  /** The global figures over the range and, when {@code by} is given, one entry per value of that grouping. */
  public QoeAnswer qoe(QueryRange range, QoeGrouping by) {
    LiveQoe all = query(h -> LiveQoeQuery.global(h.getConnection(), range.from(), range.to()));
    long concurrentPlays = concurrency.latest(QoeDimension.GLOBAL, range.from(), range.to()).values().stream()
        .findFirst().orElse(0L);
    List<QoeFigures> groups = by == null ? List.of() : figures(by.dimension(), range);
    return new QoeAnswer(range.from(), range.to(), by == null ? null : by.id(), QoeFigures.of(all, concurrentPlays),
        groups);
  }

  /**
   * The live window: whole minutes from {@code liveWindow} before now up to and including the minute now is in
   * (still open, with the job's early figures).
   */
  public synchronized LiveSummary live() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cachedAt.plus(minRefresh))) {
      return cached;
    }
    Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    QueryRange range = new QueryRange(to.minus(liveWindow), to);
    Map<String, List<QoeFigures>> by = new LinkedHashMap<>();
    for (QoeGrouping g : QoeGrouping.values()) {
      by.put(g.id(), figures(g.dimension(), range));
    }
    cached = new LiveSummary(now, range.from(), range.to(), qoe(range, null).global(), by, views.latestUpdate());
    cachedAt = now;
    return cached;
  }

  private List<QoeFigures> figures(QoeDimension dimension, QueryRange range) {
    List<LiveQoe> rows = query(h -> LiveQoeQuery.byDimension(h.getConnection(), dimension, range.from(),
        range.to()));
    Map<String, Long> current = concurrency.latest(dimension, range.from(), range.to());
    return rows.stream().map(q -> QoeFigures.of(q, current.getOrDefault(q.dimensionValue(), 0L))).toList();
  }

  private <T> T query(org.jdbi.v3.core.HandleCallback<T, SQLException> callback) {
    try {
      return jdbi.withHandle(callback);
    } catch (SQLException e) {
      // answered as a 500 whose body names no SQL; the log has the reason
      throw new IllegalStateException("live QoE query over qoe_minute failed", e);
    }
  }
}
