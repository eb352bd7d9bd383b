package io.ottplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Scripted views whose QoE is worked out by hand from docs/qoe.md. */
class ViewScriptTest {

  static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");

  static ViewContext context(Long contentMs) {
    return new ViewContext("sess-1", "acc-1", "prof-1", "title-1", StreamType.VOD, contentMs, "fastly", "NL",
        "198.18.0.0/24", FleetSimulator.DEVICES[0]);
  }

  static ViewScript start() {
    return ViewScript.start(context(3_600_000L), T0, new SplittableRandom(1), Duration.ofSeconds(10));
  }

  @Test
  void fullViewCountsOnlyRealStallsAndWeighsBitrateByPlayingTime() {
    SimulatedView view = start().droppedFramesPerHeartbeat(() -> 2)
        .ready(300).play(100)                 // PLAY at 400
        .startupStall(200, 800)               // 600..1400: startup wait, not a rebuffer
        .firstFrame(600, 3_000)               // PLAYING at 2000: startup 1600
        .playFor(20_000)                      // 2000..22000 at 3000 kbps
        .stall(900)                           // counted
        .switchBitrate(1_800)                 // down
        .playFor(5_000)                       // 22900..27900 at 1800
        .stall(200)                           // < 250 ms: ignored
        .seek(60_000, 1_500, 2_000)           // 28100..30100, its stall not counted
        .playFor(10_000)                      // 30100..40100 at 1800
        .switchBitrate(4_500)                 // up
        .playFor(4_000)                       // 40100..44100 at 4500
        .pause(30_000, 500)                   // paused 44100..74100, waiting until 74600
        .playFor(6_000)                       // 74600..80600 at 4500
        .end(0)
        .build();

    ExpectedQoe q = view.expected();
    assertThat(q.startupTimeMs()).isEqualTo(1_600L);
    assertThat(q.exitBeforeVideoStart()).isFalse();
    assertThat(q.videoStartFailure()).isFalse();
    assertThat(q.videoPlaybackFailure()).isFalse();
    assertThat(q.rebufferCount()).isEqualTo(1);
    assertThat(q.rebufferDurationMs()).isEqualTo(900);
    assertThat(q.playingTimeMs()).isEqualTo(45_000);
    assertThat(q.watchTimeMs()).as("80.6 s minus 30 s paused").isEqualTo(50_600);
    assertThat(q.avgBitrateKbps()).isCloseTo(132_000_000.0 / 45_000, within(1e-9));
    assertThat(q.bitrateUpswitches()).isEqualTo(1);
    assertThat(q.bitrateDownswitches()).isEqualTo(1);
    // heartbeats at 10, 20, ..., 80 s; playing at 10, 20, 40 and 80 s
    assertThat(q.droppedFrames()).isEqualTo(8);
    assertThat(q.rebufferingRatio()).isCloseTo(900.0 / 45_900, within(1e-12));

    List<PlaybackEvent> events = view.events();
    assertThat(events).hasSize(29);
    assertThat(events).extracting(PlaybackEvent::getSequence)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 29).boxed().toList());
    assertThat(events).extracting(PlaybackEvent::getEventId).doesNotHaveDuplicates();
    assertThat(events.stream().filter(e -> e.getEventType() != EventType.HEARTBEAT).map(PlaybackEvent::getEventType))
        .containsExactly(EventType.VIEW_START, EventType.PLAYER_READY, EventType.PLAY, EventType.REBUFFER_START,
            EventType.REBUFFER_END, EventType.PLAYING, EventType.REBUFFER_START, EventType.REBUFFER_END,
            EventType.BITRATE_CHANGE, EventType.REBUFFER_START, EventType.REBUFFER_END, EventType.SEEK_START,
            EventType.SEEK_END, EventType.REBUFFER_START, EventType.REBUFFER_END, EventType.PLAYING,
            EventType.BITRATE_CHANGE, EventType.PAUSE, EventType.PLAY, EventType.PLAYING, EventType.VIEW_END);
    List<PlaybackEvent> beats = events.stream().filter(e -> e.getEventType() == EventType.HEARTBEAT).toList();
    assertThat(beats).extracting(e -> e.getClientTs().toEpochMilli() - T0.toEpochMilli())
        .containsExactly(10_000L, 20_000L, 30_000L, 40_000L, 50_000L, 60_000L, 70_000L, 80_000L);
    assertThat(beats.get(0).getPlayheadMs()).isEqualTo(8_000L);
    assertThat(beats.get(0).getBitrateKbps()).isEqualTo(3_000);
    assertThat(beats.get(3).getPlayheadMs()).as("60 s seek target plus 9.9 s played").isEqualTo(69_900L);
    assertThat(beats.get(3).getBitrateKbps()).isEqualTo(1_800);
    assertThat(beats.get(7).getBitrateKbps()).isEqualTo(4_500);
    assertThat(beats).extracting(PlaybackEvent::getDroppedFrames).containsExactly(2, 2, 0, 2, 0, 0, 0, 2);
    assertThat(events.get(0).getBitrateKbps()).as("no bitrate before the first frame").isNull();
  }

  @Test
  void exitBeforeStartHasNoStartupTimeAndStartupStallsDoNotCount() {
    ExpectedQoe q = start().ready(500).play(100).startupStall(300, 5_000).end(2_000).build().expected();

    assertThat(q).isEqualTo(new ExpectedQoe(null, true, false, false, 0, 0, 0, 7_900, null, 0, 0, 0));
  }

  @Test
  void fatalErrorBeforeFirstFrameIsAStartFailureNotAnExit() {
    ExpectedQoe q = start().ready(200).play(0).playFor(4_000).fatalError("MANIFEST_404").end(1_000).build().expected();

    assertThat(q).isEqualTo(new ExpectedQoe(null, false, true, false, 0, 0, 0, 5_200, null, 0, 0, 0));
  }

  @Test
  void fatalErrorAfterFirstFrameIsAPlaybackFailure() {
    SimulatedView v = start().ready(100).play(100).firstFrame(1_000, 2_400).playFor(5_000)
        .fatalError("SEGMENT_404").end(2_000).build();

    assertThat(v.expected()).isEqualTo(new ExpectedQoe(1_000L, false, false, true, 0, 0, 5_000, 8_200, 2_400.0, 0, 0, 0));
    PlaybackEvent error = v.events().stream().filter(e -> e.getEventType() == EventType.ERROR).findFirst().orElseThrow();
    assertThat(error.getErrorFatal()).isTrue();
    assertThat(error.getErrorCode()).isEqualTo("SEGMENT_404");
  }

  @Test
  void aStallStillOpenAtTheViewEndCountsUpToTheEnd() {
    ExpectedQoe q = start().ready(100).play(100).firstFrame(1_000, 2_400).playFor(15_000)
        .rebufferStart().playFor(3_000).end(0).build().expected();

    assertThat(q).isEqualTo(new ExpectedQoe(1_000L, false, false, false, 1, 3_000, 15_000, 19_200, 2_400.0, 0, 0, 0));
  }

  @Test
  void contentEndEndsTheViewAtEndedAndLeavingWhilePausedExcludesThePause() {
    SimulatedView done = ViewScript.start(context(30_000L), T0, new SplittableRandom(2), Duration.ofSeconds(10))
        .ready(100).play(100).firstFrame(800, 1_200).playFor(30_000).ended(500).build();
    assertThat(done.expected()).isEqualTo(new ExpectedQoe(800L, false, false, false, 0, 0, 30_000, 31_000, 1_200.0, 0, 0, 0));
    assertThat(done.events().get(done.events().size() - 2).getEventType()).isEqualTo(EventType.ENDED);
    assertThat(done.events().stream().filter(e -> e.getEventType() == EventType.HEARTBEAT)).hasSize(3);

    ExpectedQoe paused = start().ready(100).play(100).firstFrame(800, 1_200).playFor(10_000)
        .pauseOnly().end(45_000).build().expected();
    assertThat(paused.watchTimeMs()).isEqualTo(11_000);
    assertThat(paused.playingTimeMs()).isEqualTo(10_000);
  }

  @Test
  void aStallAfterResumingFromPauseCountsAndResumeWaitIsNotPlaying() {
    ExpectedQoe q = start().ready(0).play(0).firstFrame(500, 800).playFor(2_000)
        .pauseOnly().play(4_000).rebufferStart().playFor(700).rebufferEnd().playFor(1_000).end(0).build().expected();

    // PLAYING 500..2500, paused 2500..6500, stalled 6500..7200 from WAITING, playing 7200..8200
    assertThat(q).isEqualTo(new ExpectedQoe(500L, false, false, false, 1, 700, 3_000, 4_200, 800.0, 0, 0, 0));
  }

  @Test
  void refusesStepsThatNoPlayerWouldTake() {
    assertThatThrownBy(() -> start().stall(500)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> start().ready(0).play(0).firstFrame(10, 800).switchBitrate(800))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> start().build()).hasMessageContaining("no end");
  }
}
