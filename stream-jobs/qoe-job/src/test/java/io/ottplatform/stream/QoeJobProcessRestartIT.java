package io.ottplatform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.ottplatform.local.Ports;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.ExpectedQoe;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.stream.recovery.RestorePoint;
import io.ottplatform.stream.recovery.StateFolders;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QoE job as an operator runs it: its own OS process ({@link QoeJobMain}), state under {@code OTT_HOME}.
 * While a fleet's events stream in, the process is killed with {@code kill -9} after a completed checkpoint and
 * started again with the same command; later it is stopped with SIGTERM (a savepoint) and started once more.
 * Every view is then summarized exactly once (read_committed) with the QoE it was generated with: exactly-once
 * holds across process lives, not only across task failures inside one.
 */
class QoeJobProcessRestartIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();

  private static final int VIEWS = 50;
  private static final int CHUNKS = 12;
  private static final String INPUT = "restart.events";
  private static final String SUMMARIES = "restart.summaries";

  @TempDir Path ottHome;

  @Test
  void aKilledAndAStoppedJobResumeWhereTheyWereAndSummarizeEveryViewExactlyOnce() throws Exception {
    List<SimulatedView> views = new FleetSimulator(SimulatorConfig.defaults(23L, VIEWS)).views().toList();
    List<PlaybackEvent> events = KafkaIO.inArrivalOrder(views.stream().map(SimulatedView::events).toList());
    KafkaIO.createTopics(KAFKA.bootstrapServers(), 2, INPUT, SUMMARIES, "restart.aggregates", "restart.late");
    StateFolders state = new StateFolders(ottHome.resolve("state/qoe-job/checkpoints"),
        ottHome.resolve("state/qoe-job/savepoints"));

    AtomicInteger chunksProduced = new AtomicInteger();
    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    try (KafkaProducer<String, PlaybackEvent> producer = producer()) {
      // 1. first life: killed with -9 mid-stream, after at least one completed checkpoint
      try (ChildJvm first = startJob("first")) {
        await("the first run started").atMost(Duration.ofSeconds(90))
            .failFast("the job process died:\n" + first.output(), () -> !first.isAlive())
            .until(() -> first.output().contains("qoe-job: running as Flink job"));
        // from now on the fleet streams in, one chunk per second (about 12 s), while the job is killed and
        // restarted: paced from the job's start, so a slow start cannot let the whole fleet in before the kill
        int chunkSize = (events.size() + CHUNKS - 1) / CHUNKS;
        feeder.scheduleAtFixedRate(() -> {
          int i = chunksProduced.get();
          if (i < CHUNKS) {
            for (PlaybackEvent e : events.subList(i * chunkSize, Math.min(events.size(), (i + 1) * chunkSize))) {
              producer.send(new ProducerRecord<>(INPUT, e.getSessionId(), e));
            }
            producer.flush();
            chunksProduced.incrementAndGet();
          }
        }, 0, 1, TimeUnit.SECONDS);

        await("a completed checkpoint of the first run").atMost(Duration.ofSeconds(90))
            .until(() -> !state.completedCheckpoints().isEmpty() && chunksProduced.get() >= 3);
        first.kill();
      }
      assertThat(chunksProduced.get()).as("killed mid-stream").isLessThan(CHUNKS);
      RestorePoint atKill = state.newest().orElseThrow();

      // 2. second life: the same command resumes from that checkpoint; SIGTERM stops it with a savepoint
      try (ChildJvm second = startJob("second")) {
        await("the second run resumed").atMost(Duration.ofSeconds(90))
            .until(() -> second.output().contains("qoe-job: running as Flink job"));
        assertThat(second.output()).contains("qoe-job: resuming from checkpoint " + atKill.folder());
        await("more of the stream").atMost(Duration.ofSeconds(60)).until(() -> chunksProduced.get() >= 8);
        assertThat(second.terminate(90)).as("exit code of a stop with savepoint:\n%s", second.output()).isZero();
        assertThat(second.output()).contains("qoe-job: stopped; savepoint ");
      }
      RestorePoint atStop = state.newest().orElseThrow();
      assertThat(atStop.kind()).isEqualTo(RestorePoint.Kind.SAVEPOINT);

      // 3. third life: resumes from the savepoint and sees the rest of the stream
      try (ChildJvm third = startJob("third")) {
        await("the whole fleet produced").atMost(Duration.ofSeconds(60)).until(() -> chunksProduced.get() == CHUNKS);
        closeEventTime(producer, events);
        Set<String> expected = views.stream().map(SimulatedView::sessionId).collect(Collectors.toSet());
        await("every view summarized").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> summaries().stream().map(ViewSummary::getSessionId).collect(Collectors.toSet())
                .containsAll(expected));
        assertThat(third.output()).contains("qoe-job: resuming from savepoint " + atStop.folder());
        // whatever a replay published twice would be committed by now: one more checkpoint after the last view
        Instant seen = state.completedCheckpoints().get(state.completedCheckpoints().size() - 1).completedAt();
        await("one more checkpoint").atMost(Duration.ofSeconds(30))
            .until(() -> state.newest().map(p -> p.completedAt().isAfter(seen)).orElse(false));

        List<ViewSummary> summaries = summaries().stream().filter(s -> expected.contains(s.getSessionId())).toList();
        assertThat(summaries).as("one summary per view, across a kill -9 and a stop").hasSize(VIEWS);
        assertEqualsExpectedQoe(views, summaries);

        // the view table: the sink is at-least-once and replays after the kill, the upsert by session and revision
        // makes that harmless: one row per view, the same QoE
        await("every view in qoe_view").atMost(Duration.ofSeconds(30))
            .until(() -> viewTable().keySet().containsAll(expected));
        Map<String, ViewSummary> table = viewTable();
        assertThat(table).as("rows of qoe_view").hasSize(VIEWS);
        assertEqualsExpectedQoe(views, List.copyOf(table.values()));
        Map<String, Integer> revisions = summaries.stream()
            .collect(Collectors.toMap(ViewSummary::getSessionId, ViewSummary::getRevision));
        assertThat(table.values()).allSatisfy(row ->
            assertThat(row.getRevision()).as(row.getSessionId()).isEqualTo(revisions.get(row.getSessionId())));
      }
    } finally {
      feeder.shutdownNow();
    }
  }

  private ChildJvm startJob(String life) {
    return ChildJvm.start(QoeJobMain.class, "768m", List.of(
            "--set", "input-topic=" + INPUT, "--set", "summaries-topic=" + SUMMARIES,
            "--set", "aggregates-topic=restart.aggregates", "--set", "late-topic=restart.late",
            "--set", "group-id=restart-it", "--set", "transactional-id-prefix=restart-it",
            "--set", "parallelism=2", "--set", "checkpoint-interval=2s", "--set", "early-fire-interval=2s",
            // never the default 8096: a platform started by ./ott on the same machine holds it
            "--set", "health.port=" + Ports.freePort()),
        Map.of("OTT_HOME", ottHome.toString(), "OTT_KAFKA_BOOTSTRAP", KAFKA.bootstrapServers(),
            "OTT_DB_URL", DB.jdbcUrl(), "OTT_DB_USER", DB.user(), "OTT_DB_PASSWORD", DB.password() == null ? "" : DB.password()),
        ottHome.resolve("qoe-job-" + life + ".log"));
  }

  /**
   * One event an hour after the fleet in each input partition, after everything else there: it moves the
   * watermark past every view's end and timeout, so the open views are summarized without a bounded source.
   */
  private static void closeEventTime(KafkaProducer<String, PlaybackEvent> producer, List<PlaybackEvent> events) {
    PlaybackEvent last = events.get(events.size() - 1);
    Instant later = events.stream().map(PlaybackEvent::getClientTs).max(Instant::compareTo).orElseThrow()
        .plus(Duration.ofHours(1));
    for (int partition = 0; partition < 2; partition++) {
      PlaybackEvent clock = PlaybackEvent.newBuilder(last).setSessionId("event-time-closer-" + partition)
          .setEventId("event-time-closer-" + partition).setClientTs(later).setServerTs(later).build();
      producer.send(new ProducerRecord<>(INPUT, partition, clock.getSessionId(), clock));
    }
    producer.flush();
  }

  private static List<ViewSummary> summaries() {
    return KafkaIO.readCommitted(KAFKA.bootstrapServers(), SUMMARIES, ViewSummary.class).stream()
        .map(Map.Entry::getValue).toList();
  }

  /** qoe_view's rows (the columns the expected QoE is checked on), by session. */
  private static Map<String, ViewSummary> viewTable() throws SQLException {
    Map<String, ViewSummary> rows = new HashMap<>();
    try (Connection c = DB.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT * FROM qoe_view WHERE session_id NOT LIKE 'event-time-closer-%'")) {
      while (rs.next()) {
        rows.put(rs.getString("session_id"), ViewSummary.newBuilder()
            .setSessionId(rs.getString("session_id")).setRevision(rs.getInt("revision"))
            .setAccountId(rs.getString("account_id")).setProfileId(rs.getString("profile_id"))
            .setTitleId(rs.getString("title_id"))
            .setViewStartTs(rs.getTimestamp("view_start_ts").toInstant())
            .setViewEndTs(rs.getTimestamp("view_end_ts").toInstant())
            .setEndReason(ViewEndReason.valueOf(rs.getString("end_reason")))
            .setStartupTimeMs((Long) rs.getObject("startup_time_ms"))
            .setExitBeforeVideoStart(rs.getBoolean("exit_before_video_start"))
            .setVideoStartFailure(rs.getBoolean("video_start_failure"))
            .setVideoPlaybackFailure(rs.getBoolean("video_playback_failure"))
            .setRebufferCount(rs.getInt("rebuffer_count")).setRebufferDurationMs(rs.getLong("rebuffer_duration_ms"))
            .setRebufferingRatio(rs.getDouble("rebuffering_ratio"))
            .setRebufferFrequencyPerMin(rs.getDouble("rebuffer_frequency_per_min"))
            .setPlayingTimeMs(rs.getLong("playing_time_ms")).setWatchTimeMs(rs.getLong("watch_time_ms"))
            .setAvgBitrateKbps((Double) rs.getObject("avg_bitrate_kbps"))
            .setBitrateUpswitches(rs.getInt("bitrate_upswitches"))
            .setBitrateDownswitches(rs.getInt("bitrate_downswitches"))
            .setDroppedFrames(rs.getLong("dropped_frames")).setEventCount(rs.getInt("event_count"))
            .build());
      }
    }
    return rows;
  }

  private static KafkaProducer<String, PlaybackEvent> producer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", KAFKA.bootstrapServers());
    p.put("linger.ms", 5);
    return new KafkaProducer<>(p, Topics.PLAYBACK_EVENTS.keySerde().serializer(),
        Topics.PLAYBACK_EVENTS.valueSerde().serializer());
  }

  private static void assertEqualsExpectedQoe(List<SimulatedView> views, List<ViewSummary> summaries) {
    Map<String, ViewSummary> bySession = summaries.stream()
        .collect(Collectors.toMap(ViewSummary::getSessionId, Function.identity()));
    List<String> wrong = new ArrayList<>();
    for (SimulatedView view : views) {
      ViewSummary s = bySession.get(view.sessionId());
      ExpectedQoe e = view.expected();
      if (!Optional.ofNullable(s.getStartupTimeMs()).equals(Optional.ofNullable(e.startupTimeMs()))
          || s.getExitBeforeVideoStart() != e.exitBeforeVideoStart()
          || s.getVideoStartFailure() != e.videoStartFailure()
          || s.getVideoPlaybackFailure() != e.videoPlaybackFailure()
          || s.getRebufferCount() != e.rebufferCount()
          || s.getRebufferDurationMs() != e.rebufferDurationMs()
          || s.getPlayingTimeMs() != e.playingTimeMs()
          || s.getWatchTimeMs() != e.watchTimeMs()
          || s.getBitrateUpswitches() != e.bitrateUpswitches()
          || s.getBitrateDownswitches() != e.bitrateDownswitches()
          || s.getDroppedFrames() != e.droppedFrames()) {
        wrong.add(view.sessionId() + ": " + s + " expected " + e);
      }
      if (e.avgBitrateKbps() == null) {
        assertThat(s.getAvgBitrateKbps()).as("bitrate %s", view.sessionId()).isNull();
      } else {
        assertThat(s.getAvgBitrateKbps()).as("bitrate %s", view.sessionId()).isCloseTo(e.avgBitrateKbps(), within(1e-6));
      }
    }
    assertThat(wrong).as("views whose summary differs from the QoE they were generated with").isEmpty();
  }
}
