package io.ottplatform.batch.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.TestLake;
import io.ottplatform.batch.TestViews;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.QoeFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kafka → land → sessionize → view_sessions and the daily tables, over the real broker and catalog. */
class SessionizeIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir static Path warehouse;

  static BatchConfig config;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    config = TestLake.config(DB, warehouse, KAFKA.bootstrapServers());
    spark = TestLake.spark(config);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  static void land() {
    new BatchRunner(spark, config, Clock.systemUTC()).land();
  }

  static SessionizeJob.Result sessionize(LocalDate day) {
    return new BatchRunner(spark, config.withDate(day), Clock.systemUTC()).sessionize();
  }

  @Test
  void sparkSessionizeOverTheSharedFixtureProducesExactlyTheFixturesExpectedViews() {
    TestLake.produce(KAFKA.bootstrapServers(), QoeFixtures.events());
    land();
    Map<String, ViewSummary> expected = QoeFixtures.expectedViews();
    LocalDate day = LocalDate.ofInstant(QoeFixtures.views().get(0).start(), ZoneOffset.UTC);

    sessionize(day);

    List<Row> rows = spark.sql("SELECT * FROM " + config.table(LakeTables.VIEW_SESSIONS)
        + " WHERE session_id LIKE 'fx-%'").collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("session_id"))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    List<String> differences = new ArrayList<>();
    for (Row r : rows) {
      ViewSummary actual = summaryOf(r);
      differences.addAll(QoeFixtures.differences(expected.get(actual.getSessionId()), actual));
    }
    assertThat(differences).as("Spark's views differ from the fixture").isEmpty();
  }

  @Test
  void lateEventsAreMergedIntoTheirDayByTheNextRunNotLostAndNotDoubleCounted() {
    LocalDate day1 = LocalDate.parse("2026-11-20");
    LocalDate day2 = LocalDate.parse("2026-11-21");
    List<PlaybackEvent> late = TestViews.view("late-a").viewer("acc-l", "prof-l").title("title-late")
        .at(Instant.parse("2026-11-20T21:00:00Z")).plays(Duration.ofMinutes(3)).events();
    List<PlaybackEvent> onTime = new ArrayList<>(late.subList(0, late.size() / 2));
    List<PlaybackEvent> tail = late.subList(late.size() / 2, late.size());
    onTime.addAll(TestViews.view("late-b").viewer("acc-m", "prof-m").title("title-late")
        .at(Instant.parse("2026-11-20T22:00:00Z")).plays(Duration.ofMinutes(1)).events());
    TestLake.produce(KAFKA.bootstrapServers(), onTime);
    land();
    SessionizeJob.Result first = sessionize(day1);
    assertThat(first.views()).isEqualTo(2);
    Row before = view("late-a");
    assertThat(before.<String>getAs("end_reason")).isEqualTo(ViewEndReason.TIMEOUT.name());

    // the rest of late-a arrives with the next day's traffic
    List<PlaybackEvent> next = new ArrayList<>(tail);
    next.addAll(TestViews.view("day2-a").viewer("acc-n", "prof-n").title("title-late")
        .at(Instant.parse("2026-11-21T09:00:00Z")).plays(Duration.ofMinutes(2)).events());
    TestLake.produce(KAFKA.bootstrapServers(), next);
    land();
    SessionizeJob.Result second = sessionize(day2);

    assertThat(second.lateDays()).as("day 1 got late events").contains(day1);
    Row after = view("late-a");
    assertThat(after.<String>getAs("end_reason")).isEqualTo(ViewEndReason.VIEW_END.name());
    assertThat(after.<Long>getAs("playing_time_ms")).isEqualTo(180_000L);
    assertThat(after.<Integer>getAs("event_count")).isEqualTo(late.size());
    assertThat(countViews(day1)).as("late-a replaced, not added").isEqualTo(2);
    assertThat(countViews(day2)).isEqualTo(1);

    Row engagement = spark.sql("SELECT views, minutes_watched FROM " + config.table(LakeTables.TITLE_ENGAGEMENT_DAILY)
        + " WHERE view_date = DATE '2026-11-20' AND title_id = 'title-late'").first();
    assertThat(engagement.getLong(0)).isEqualTo(2);
    long watchMs = spark.sql("SELECT sum(watch_time_ms) FROM " + config.table(LakeTables.VIEW_SESSIONS)
        + " WHERE view_date = DATE '2026-11-20' AND title_id = 'title-late'").first().getLong(0);
    assertThat(watchMs).as("late-a's full watch time counts once").isGreaterThan(240_000L);
    assertThat(engagement.getDouble(1)).isCloseTo(watchMs / 60000.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(spark.sql("SELECT count(*) FROM " + config.table(LakeTables.TITLE_ENGAGEMENT_DAILY)
        + " WHERE view_date = DATE '2026-11-20'").first().getLong(0)).as("one row per title and day").isEqualTo(1);

    // a rerun with nothing new changes nothing
    SessionizeJob.Result rerun = sessionize(day2);
    assertThat(rerun.lateDays()).isEmpty();
    assertThat(countViews(day1)).isEqualTo(2);
    assertThat(view("late-a").<Long>getAs("playing_time_ms")).isEqualTo(180_000L);
  }

  static Row view(String session) {
    return spark.sql("SELECT * FROM " + config.table(LakeTables.VIEW_SESSIONS) + " WHERE session_id = '" + session + "'")
        .first();
  }

  static long countViews(LocalDate day) {
    return spark.sql("SELECT count(*) FROM " + config.table(LakeTables.VIEW_SESSIONS)
        + " WHERE view_date = DATE '" + day + "'").first().getLong(0);
  }

  static Instant instant(Row r, String column) {
    return r.<LocalDateTime>getAs(column).toInstant(ZoneOffset.UTC);
  }

  /** A view_sessions row back into the contract's summary, to compare with the fixture field by field. */
  static ViewSummary summaryOf(Row r) {
    return ViewSummary.newBuilder()
        .setSessionId(r.getAs("session_id"))
        .setAccountId(r.getAs("account_id"))
        .setProfileId(r.getAs("profile_id"))
        .setTitleId(r.getAs("title_id"))
        .setCdn(r.getAs("cdn"))
        .setCountry(r.getAs("country"))
        .setDeviceType(r.getAs("device_type"))
        .setPlayerName(r.getAs("player_name"))
        .setStreamType(r.getAs("stream_type"))
        .setViewStartTs(instant(r, "view_start_ts"))
        .setViewEndTs(instant(r, "view_end_ts"))
        .setEndReason(ViewEndReason.valueOf(r.getAs("end_reason")))
        .setStartupTimeMs(r.getAs("startup_time_ms"))
        .setExitBeforeVideoStart(r.getAs("exit_before_video_start"))
        .setVideoStartFailure(r.getAs("video_start_failure"))
        .setVideoPlaybackFailure(r.getAs("video_playback_failure"))
        .setErrorCode(r.getAs("error_code"))
        .setRebufferCount(r.getAs("rebuffer_count"))
        .setRebufferDurationMs(r.getAs("rebuffer_duration_ms"))
        .setRebufferingRatio(r.getAs("rebuffering_ratio"))
        .setRebufferFrequencyPerMin(r.getAs("rebuffer_frequency_per_min"))
        .setPlayingTimeMs(r.getAs("playing_time_ms"))
        .setWatchTimeMs(r.getAs("watch_time_ms"))
        .setAvgBitrateKbps(r.getAs("avg_bitrate_kbps"))
        .setBitrateUpswitches(r.getAs("bitrate_upswitches"))
        .setBitrateDownswitches(r.getAs("bitrate_downswitches"))
        .setDroppedFrames(r.getAs("dropped_frames"))
        .setMaxPlayheadMs(r.getAs("max_playhead_ms"))
        .setContentDurationMs(r.getAs("content_duration_ms"))
        .setEventCount(r.getAs("event_count"))
        .setMissingSequences(r.getAs("missing_sequences"))
        .build();
  }

}
