package io.ottplatform.batch.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.batch.AnalystQueries;
import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.TestLake;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.testsupport.TrinoServerExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documented analyst queries, run through the Trino JDBC driver on a real Trino over the tables
 * the Spark jobs wrote (same PostgreSQL catalog, same warehouse), checked against what the simulator
 * scripted for each view (its own expected QoE, not values read back from the lake).
 */
class AnalystQueriesTrinoIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final TrinoServerExtension TRINO = new TrinoServerExtension(DB);

  static final double EPS = 1e-9;
  static List<SimulatedView> views;
  static LocalDate day;
  static LocalDate weekStart;
  static String title;

  @BeforeAll
  static void landAndSessionizeSimulatedViews() {
    views = new FleetSimulator(SimulatorConfig.defaults(42, 60)).views().toList();
    day = LocalDate.ofInstant(views.get(0).startTs(), ZoneOffset.UTC);
    weekStart = day.minusDays(3);
    title = views.stream().collect(Collectors.groupingBy(SimulatedView::titleId, TreeMap::new, Collectors.counting()))
        .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(views).allMatch(v -> LocalDate.ofInstant(v.startTs(), ZoneOffset.UTC).equals(day));

    BatchConfig config = TestLake.config(DB, TRINO.warehouse(), KAFKA.bootstrapServers()).withDate(day);
    SparkSession spark = TestLake.spark(config);
    try {
      TestLake.produce(KAFKA.bootstrapServers(), views.stream().flatMap(v -> v.events().stream()).toList());
      BatchRunner runner = new BatchRunner(spark, config, Clock.systemUTC());
      runner.land();
      runner.sessionize();
    } finally {
      spark.stop();
    }
  }

  @AfterAll
  static void done() {
    views = null;
  }

  static List<Map<String, Object>> trino(String queryName) throws Exception {
    String sql = AnalystQueries.named(queryName).bind(day, weekStart, title);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = TRINO.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static <K> Map<K, List<SimulatedView>> by(Function<SimulatedView, K> key) {
    return views.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
  }

  static PlaybackEvent first(SimulatedView v) {
    return v.events().get(0);
  }

  static double rebufferingRatio(List<SimulatedView> vs) {
    long stall = vs.stream().mapToLong(v -> v.expected().rebufferDurationMs()).sum();
    long playing = vs.stream().mapToLong(v -> v.expected().playingTimeMs()).sum();
    return (double) stall / (stall + playing);
  }

  static Double completion(SimulatedView v) {
    Long duration = first(v).getContentDurationMs();
    Long max = v.events().stream().map(PlaybackEvent::getPlayheadMs).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    return duration == null || duration <= 0 || max == null ? null : Math.min(1.0, (double) max / duration);
  }

  static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  @Test
  void everyDocumentedQueryRunsInTrino() throws Exception {
    for (AnalystQueries.Query q : AnalystQueries.all()) {
      assertThat(trino(q.name())).as(q.name()).isNotNull();
    }
  }

  @Test
  void qoeByCdnThisWeekMatchesTheSimulatedViews() throws Exception {
    Map<String, List<SimulatedView>> byCdn = by(v -> first(v).getCdn());
    List<Map<String, Object>> rows = trino("qoe_by_cdn_this_week");
    assertThat(rows).extracting(r -> r.get("cdn")).containsExactlyElementsOf(byCdn.keySet());
    for (Map<String, Object> r : rows) {
      List<SimulatedView> vs = byCdn.get((String) r.get("cdn"));
      assertThat(num(r.get("views"))).isEqualTo(vs.size());
      assertThat(num(r.get("plays"))).isEqualTo(vs.stream().filter(v -> v.expected().hasFirstFrame()).count());
      assertThat(num(r.get("video_start_failure_rate")))
          .isCloseTo((double) vs.stream().filter(v -> v.expected().videoStartFailure()).count() / vs.size(), within(EPS));
      assertThat(num(r.get("exit_before_video_start_rate")))
          .isCloseTo((double) vs.stream().filter(v -> v.expected().exitBeforeVideoStart()).count() / vs.size(), within(EPS));
      assertThat(num(r.get("rebuffering_ratio"))).isCloseTo(rebufferingRatio(vs), within(EPS));
    }
    List<Map<String, Object>> startup = trino("startup_time_by_cdn_this_week");
    for (Map<String, Object> r : startup) {
      assertThat(num(r.get("plays"))).isEqualTo(byCdn.get((String) r.get("cdn")).stream()
          .filter(v -> v.expected().hasFirstFrame()).count());
    }
  }

  @Test
  void completionRateAndDropOffOfATitleMatchTheSimulatedViews() throws Exception {
    List<SimulatedView> ofTitle = views.stream().filter(v -> v.titleId().equals(title)).toList();
    List<SimulatedView> plays = ofTitle.stream().filter(v -> v.expected().hasFirstFrame()).toList();
    long completed = plays.stream().filter(v -> completion(v) != null && completion(v) >= 0.9).count();
    Map<String, Object> rate = trino("completion_rate_of_title").get(0);
    assertThat(num(rate.get("plays"))).isEqualTo(plays.size());
    assertThat(num(rate.get("completed_views"))).isEqualTo(completed);

    long[] stopped = new long[10];
    for (SimulatedView v : plays) {
      Double c = completion(v);
      if (c != null) {
        stopped[(int) Math.min(9, Math.floor(c * 10))]++;
      }
    }
    List<Map<String, Object>> curve = trino("dropoff_curve_of_title");
    assertThat(curve).hasSize(10);
    long reached = 0;
    for (int d = 9; d >= 0; d--) {
      Map<String, Object> r = curve.get(d);
      reached += stopped[d];
      assertThat(num(r.get("decile"))).isEqualTo(d);
      assertThat(num(r.get("stopped"))).as("decile %d", d).isEqualTo(stopped[d]);
      assertThat(num(r.get("reached"))).as("decile %d", d).isEqualTo(reached);
    }

    Map<String, Object> dayTitle = trino("title_qoe_on_a_day").get(0);
    assertThat(num(dayTitle.get("views"))).isEqualTo(ofTitle.size());
    assertThat(num(dayTitle.get("plays"))).isEqualTo(plays.size());
    Map<String, Object> events = trino("title_events_on_a_day").get(0);
    assertThat(num(events.get("events"))).isEqualTo(ofTitle.stream().mapToLong(v -> v.events().size()).sum());
    assertThat(num(events.get("sessions"))).isEqualTo(ofTitle.size());
    Map<String, List<SimulatedView>> byCountry = ofTitle.stream()
        .collect(Collectors.groupingBy(v -> first(v).getCountry(), TreeMap::new, Collectors.toList()));
    List<Map<String, Object>> countries = trino("title_views_by_country");
    assertThat(countries).extracting(r -> r.get("country")).containsExactlyElementsOf(byCountry.keySet());
    for (Map<String, Object> r : countries) {
      List<SimulatedView> vs = byCountry.get((String) r.get("country"));
      assertThat(num(r.get("views"))).isEqualTo(vs.size());
      assertThat(num(r.get("minutes_watched")))
          .isCloseTo(vs.stream().mapToLong(v -> v.expected().watchTimeMs()).sum() / 60000.0, within(1e-6));
    }
  }

  @Test
  void dailyActiveViewersRebufferingByCountryAndDeviceAndEventCountsMatch() throws Exception {
    List<Map<String, Object>> active = trino("daily_active_viewers");
    assertThat(active).hasSize(1);
    assertThat(num(active.get(0).get("active_viewers")))
        .isEqualTo(new HashSet<>(views.stream().map(SimulatedView::profileId).toList()).size());
    assertThat(num(active.get(0).get("minutes_watched"))).isCloseTo(
        views.stream().mapToLong(v -> v.expected().watchTimeMs()).sum() / 60000.0, within(1e-6));

    Map<String, List<SimulatedView>> byCountryDevice = by(v -> first(v).getCountry() + "/" + first(v).getDevice().getType());
    List<Map<String, Object>> rows = trino("rebuffering_by_country_and_device");
    assertThat(rows).hasSize(byCountryDevice.size());
    for (Map<String, Object> r : rows) {
      List<SimulatedView> vs = byCountryDevice.get(r.get("country") + "/" + r.get("device_type"));
      assertThat(vs).as("group %s/%s", r.get("country"), r.get("device_type")).isNotNull();
      assertThat(num(r.get("views"))).isEqualTo(vs.size());
      assertThat(num(r.get("stalls"))).isEqualTo(vs.stream().mapToInt(v -> v.expected().rebufferCount()).sum());
      double expected = vs.stream().mapToLong(v -> v.expected().rebufferDurationMs() + v.expected().playingTimeMs()).sum() == 0
          ? Double.NaN : rebufferingRatio(vs);
      if (Double.isNaN(expected)) {
        assertThat(r.get("rebuffering_ratio")).isNull();
      } else {
        assertThat(num(r.get("rebuffering_ratio"))).isCloseTo(expected, within(EPS));
      }
    }

    Map<String, Long> byType = views.stream().flatMap(v -> v.events().stream())
        .collect(Collectors.groupingBy(e -> e.getEventType().name(), TreeMap::new, Collectors.counting()));
    Map<String, Long> fromTrino = new TreeMap<>();
    trino("events_on_a_day_by_type").forEach(r -> fromTrino.put((String) r.get("event_type"), ((Number) r.get("events")).longValue()));
    assertThat(fromTrino).isEqualTo(byType);
  }

}
