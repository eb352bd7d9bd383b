package io.ottplatform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.schemas.qoe.QoeFixtures;
import io.ottplatform.simulator.ExpectedQoe;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.stream.connectors.KafkaConnectors;
import io.ottplatform.stream.db.QoeJobMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster over a real broker and a real PostgreSQL: the simulator's views
 * (plus the hand-made fixture views and some SDK retries) produce exactly the per-view QoE they were
 * generated with, and the aggregates reach Kafka and the dashboard table.
 */
class QoeJobIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final int VIEWS = 300;
  private static List<SimulatedView> simulated;
  private static List<ViewSummary> summaries;
  private static List<QoeAggregate> aggregates;

  @BeforeAll
  static void runTheJobOverSimulatedAndFixtureViews() throws Exception {
    simulated = new FleetSimulator(SimulatorConfig.defaults(7L, VIEWS)).views().toList();
    List<List<PlaybackEvent>> views = new ArrayList<>();
    for (SimulatedView v : simulated) {
      List<PlaybackEvent> withRetries = new ArrayList<>(v.events());
      withRetries.add(withRetries.size() / 2, v.events().get(0)); // an SDK retry: the same event_id again
      views.add(withRetries);
    }
    QoeFixtures.views().forEach(v -> views.add(v.events()));
    List<PlaybackEvent> events = KafkaIO.inArrivalOrder(views);
    KafkaIO.produce(KAFKA.bootstrapServers(), Topics.PLAYBACK_EVENTS.name(), events);

    QoeJobConfig config = TestConfigs.qoe(Map.of(
        "bootstrap", KAFKA.bootstrapServers(),
        "bounded", "true",
        "parallelism", "2",
        "checkpoint-interval", "500ms",
        "jdbc-url", DB.jdbcUrl(),
        "jdbc-user", DB.user(),
        "jdbc-password", DB.password() == null ? "" : DB.password(),
        "transactional-id-prefix", "qoe-it"));
    // the table comes from the job's migrations, as in production (the sink never creates it)
    QoeJobMigrations.migrate(DB.jdbcUrl(), DB.user(), DB.password() == null ? "" : DB.password());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(env, config);
    QoeJob.build(env, config, KafkaConnectors.playbackEvents(config), QoeJob.Sinks.real(config));
    env.execute("qoe-it");

    summaries = KafkaIO.readCommitted(KAFKA.bootstrapServers(), Topics.VIEW_SUMMARIES.name(), ViewSummary.class)
        .stream().map(Map.Entry::getValue).toList();
    aggregates = KafkaIO.readCommitted(KAFKA.bootstrapServers(), Topics.QOE_AGGREGATES.name(), QoeAggregate.class)
        .stream().map(Map.Entry::getValue).toList();
  }

  @Test
  void everySimulatedViewHasTheQoeItWasGeneratedWith() {
    Map<String, ViewSummary> bySession = summaries.stream()
        .collect(Collectors.toMap(ViewSummary::getSessionId, Function.identity()));
    for (SimulatedView view : simulated) {
      ViewSummary s = bySession.get(view.sessionId());
      ExpectedQoe e = view.expected();
      assertThat(s).as(view.sessionId()).isNotNull();
      assertThat(s.getStartupTimeMs()).as("startup %s", view.sessionId()).isEqualTo(e.startupTimeMs());
      assertThat(s.getExitBeforeVideoStart()).as("EBVS %s", view.sessionId()).isEqualTo(e.exitBeforeVideoStart());
      assertThat(s.getVideoStartFailure()).as("VSF %s", view.sessionId()).isEqualTo(e.videoStartFailure());
      assertThat(s.getVideoPlaybackFailure()).as("VPF %s", view.sessionId()).isEqualTo(e.videoPlaybackFailure());
      assertThat(s.getRebufferCount()).as("stalls %s", view.sessionId()).isEqualTo(e.rebufferCount());
      assertThat(s.getRebufferDurationMs()).as("stall ms %s", view.sessionId()).isEqualTo(e.rebufferDurationMs());
      assertThat(s.getPlayingTimeMs()).as("playing %s", view.sessionId()).isEqualTo(e.playingTimeMs());
      assertThat(s.getWatchTimeMs()).as("watch %s", view.sessionId()).isEqualTo(e.watchTimeMs());
      assertThat(s.getBitrateUpswitches()).as("up %s", view.sessionId()).isEqualTo(e.bitrateUpswitches());
      assertThat(s.getBitrateDownswitches()).as("down %s", view.sessionId()).isEqualTo(e.bitrateDownswitches());
      assertThat(s.getDroppedFrames()).as("dropped %s", view.sessionId()).isEqualTo(e.droppedFrames());
      if (e.avgBitrateKbps() == null) {
        assertThat(s.getAvgBitrateKbps()).as("bitrate %s", view.sessionId()).isNull();
      } else {
        assertThat(s.getAvgBitrateKbps()).as("bitrate %s", view.sessionId()).isCloseTo(e.avgBitrateKbps(), within(1e-6));
      }
    }
  }

  @Test
  void everyFixtureViewMatchesItsHandComputedValuesAndNoViewIsSummarizedTwice() {
    Map<String, ViewSummary> expected = QoeFixtures.expectedViews();
    Map<String, List<ViewSummary>> bySession = summaries.stream().collect(Collectors.groupingBy(ViewSummary::getSessionId));
    assertThat(bySession).hasSize(VIEWS + expected.size());
    assertThat(bySession.values()).allSatisfy(list -> assertThat(list).hasSize(1));
    expected.forEach((session, want) ->
        assertThat(QoeFixtures.differences(want, bySession.get(session).get(0))).isEmpty());
  }

  @Test
  void finalGlobalAggregatesCountEveryViewOnceAndMatchTheDashboardTable() throws Exception {
    List<QoeAggregate> finals = aggregates.stream().filter(QoeAggregate::getFinal$).toList();
    List<QoeAggregate> global = finals.stream().filter(a -> a.getDimension() == QoeDimension.GLOBAL).toList();
    assertThat(global.stream().mapToLong(QoeAggregate::getViewsEnded).sum()).isEqualTo(summaries.size());
    long firstFrames = summaries.stream().filter(s -> s.getStartupTimeMs() != null).count();
    assertThat(global.stream().mapToLong(QoeAggregate::getPlays).sum()).isEqualTo(firstFrames);
    assertThat(finals.stream().map(QueryKey::of).distinct().count()).as("one final row per minute and row")
        .isEqualTo(finals.size());

    Map<QueryKey, Long> fromTable = new HashMap<>();
    try (Connection c = DB.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT window_start, dimension, dimension_value, views_ended, is_final FROM qoe_minute")) {
      while (rs.next()) {
        assertThat(rs.getBoolean("is_final")).isTrue();
        fromTable.put(new QueryKey(rs.getTimestamp(1).toInstant().toEpochMilli(), rs.getString(2), rs.getString(3)),
            rs.getLong(4));
      }
    }
    assertThat(fromTable).isEqualTo(finals.stream().collect(Collectors.toMap(QueryKey::of, QoeAggregate::getViewsEnded)));
  }

  @Test
  void theViewTableHoldsEverySummaryOnceAndTheMinuteTableItsNumerators() throws Exception {
    Map<String, ViewSummary> bySession = summaries.stream()
        .collect(Collectors.toMap(ViewSummary::getSessionId, Function.identity()));
    int rows = 0;
    try (Connection c = DB.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT session_id, revision, title_id, startup_time_ms, rebuffer_duration_ms,"
             + " playing_time_ms, video_start_failure, end_reason, view_end_ts, event_count FROM qoe_view")) {
      while (rs.next()) {
        rows++;
        ViewSummary s = bySession.get(rs.getString("session_id"));
        assertThat(s).as(rs.getString("session_id")).isNotNull();
        assertThat(rs.getInt("revision")).isEqualTo(s.getRevision());
        assertThat(rs.getString("title_id")).isEqualTo(s.getTitleId());
        assertThat((Long) rs.getObject("startup_time_ms")).isEqualTo(s.getStartupTimeMs());
        assertThat(rs.getLong("rebuffer_duration_ms")).isEqualTo(s.getRebufferDurationMs());
        assertThat(rs.getLong("playing_time_ms")).isEqualTo(s.getPlayingTimeMs());
        assertThat(rs.getBoolean("video_start_failure")).isEqualTo(s.getVideoStartFailure());
        assertThat(rs.getString("end_reason")).isEqualTo(s.getEndReason().name());
        assertThat(rs.getTimestamp("view_end_ts").toInstant()).isEqualTo(s.getViewEndTs());
        assertThat(rs.getInt("event_count")).isEqualTo(s.getEventCount());
      }
    }
    assertThat(rows).as("one row per view").isEqualTo(bySession.size());

    try (Connection c = DB.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT sum(views_ended), sum(video_start_failures), sum(video_playback_failures),"
             + " sum(exits_before_video_start), sum(rebuffer_duration_ms), sum(playing_time_ms)"
             + " FROM qoe_minute WHERE dimension = 'GLOBAL'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(summaries.size());
      assertThat(rs.getLong(2)).isEqualTo(summaries.stream().filter(ViewSummary::getVideoStartFailure).count());
      assertThat(rs.getLong(3)).isEqualTo(summaries.stream().filter(ViewSummary::getVideoPlaybackFailure).count());
      assertThat(rs.getLong(4)).isEqualTo(summaries.stream().filter(ViewSummary::getExitBeforeVideoStart).count());
      assertThat(rs.getLong(5)).isEqualTo(summaries.stream().mapToLong(ViewSummary::getRebufferDurationMs).sum());
      assertThat(rs.getLong(6)).isEqualTo(summaries.stream().mapToLong(ViewSummary::getPlayingTimeMs).sum());
    }
  }

  record QueryKey(long windowStart, String dimension, String value) {
    static QueryKey of(QoeAggregate a) {
      return new QueryKey(a.getWindowStart().toEpochMilli(), a.getDimension().name(), a.getDimensionValue());
    }
  }
}
