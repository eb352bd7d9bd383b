package io.ottplatform.schemas.qoe;

import static io.ottplatform.schemas.avro.EventType.BITRATE_CHANGE;
import static io.ottplatform.schemas.avro.EventType.ERROR;
import static io.ottplatform.schemas.avro.EventType.HEARTBEAT;
import static io.ottplatform.schemas.avro.EventType.PAUSE;
import static io.ottplatform.schemas.avro.EventType.PLAY;
import static io.ottplatform.schemas.avro.EventType.PLAYING;
import static io.ottplatform.schemas.avro.EventType.REBUFFER_END;
import static io.ottplatform.schemas.avro.EventType.REBUFFER_START;
import static io.ottplatform.schemas.avro.EventType.SEEK_END;
import static io.ottplatform.schemas.avro.EventType.SEEK_START;
import static io.ottplatform.schemas.avro.EventType.VIEW_END;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static io.ottplatform.schemas.qoe.ViewEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ViewQoeCalculatorTest {

  private static ViewSummary summarize(List<PlaybackEvent> events) {
    ViewQoeCalculator calculator = new ViewQoeCalculator();
    events.forEach(calculator::apply);
    return calculator.summarize(ViewEndReason.TIMEOUT);
  }

  @Test
  void startupTimeIsFirstPlayingMinusFirstPlay() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(400, PLAY).at(900, PLAY).at(2400, PLAYING)
        .at(5000, PLAYING).at(6000, VIEW_END).events());
    assertThat(s.getStartupTimeMs()).isEqualTo(2000L);
    assertThat(s.getEndReason()).isEqualTo(ViewEndReason.VIEW_END);
  }

  @Test
  void startupTimeFallsBackToViewStartWithoutPlay() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(1200, PLAYING).at(3000, VIEW_END).events());
    assertThat(s.getStartupTimeMs()).isEqualTo(1200L);
  }

  @Test
  void seekInducedStallIsNotCounted() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(0, PLAY).at(1000, PLAYING)
        .at(5000, SEEK_START).at(5010, REBUFFER_START).at(8000, REBUFFER_END).at(8010, SEEK_END)
        .at(8500, PLAYING).at(10500, VIEW_END).events());
    assertThat(s.getRebufferCount()).isZero();
    assertThat(s.getRebufferDurationMs()).isZero();
    assertThat(s.getRebufferingRatio()).isZero();
    assertThat(s.getPlayingTimeMs()).as("4 s before the seek + 2 s after it").isEqualTo(6000L);
  }

  @Test
  void stallDuringStartupIsNotCounted() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(100, PLAY).at(300, REBUFFER_START)
        .at(2300, REBUFFER_END).at(2500, PLAYING).at(12500, VIEW_END).events());
    assertThat(s.getRebufferCount()).isZero();
    assertThat(s.getStartupTimeMs()).as("the startup wait is in the startup time instead").isEqualTo(2400L);
    assertThat(s.getPlayingTimeMs()).isEqualTo(10000L);
  }

  @Test
  void stallWhilePlayingCountsWithItsDuration() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(0, PLAY).at(1000, PLAYING)
        .at(11000, REBUFFER_START).at(14000, REBUFFER_END).at(71000, VIEW_END).events());
    assertThat(s.getRebufferCount()).isEqualTo(1);
    assertThat(s.getRebufferDurationMs()).isEqualTo(3000L);
    assertThat(s.getPlayingTimeMs()).isEqualTo(67000L);
    assertThat(s.getRebufferingRatio()).isCloseTo(3000.0 / 70000, within(1e-12));
    assertThat(s.getRebufferFrequencyPerMin()).as("1 stall over 71 s of watch time").isCloseTo(60.0 / 71, within(1e-12));
  }

  @Test
  void stallShorterThan250MsIsIgnoredEntirely() {
    ViewSummary s = summarize(view("s").at(0, PLAY).at(1000, PLAYING)
        .at(5000, REBUFFER_START).at(5249, REBUFFER_END)
        .at(6000, REBUFFER_START).at(6250, REBUFFER_END).at(7000, VIEW_END).events());
    assertThat(s.getRebufferCount()).as("249 ms ignored, 250 ms counted").isEqualTo(1);
    assertThat(s.getRebufferDurationMs()).isEqualTo(250L);
    assertThat(s.getPlayingTimeMs()).as("neither stall is playing time").isEqualTo(6000L - 249 - 250);
  }

  @Test
  void fatalErrorBeforeFirstFrameIsStartFailureNotExitBeforeVideoStart() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(100, PLAY)
        .at(4000, ERROR, b -> b.setErrorFatal(true).setErrorCode("E_DECODE")).at(4500, VIEW_END).events());
    assertThat(s.getVideoStartFailure()).isTrue();
    assertThat(s.getExitBeforeVideoStart()).isFalse();
    assertThat(s.getVideoPlaybackFailure()).isFalse();
    assertThat(s.getErrorCode()).isEqualTo("E_DECODE");
    assertThat(s.getStartupTimeMs()).isNull();
  }

  @Test
  void fatalErrorAfterFirstFrameIsPlaybackFailureAndEndsPlayingTime() {
    ViewSummary s = summarize(view("s").at(0, PLAY).at(1000, PLAYING)
        .at(6000, ERROR, b -> b.setErrorFatal(true).setErrorCode("E_NET"))
        .at(7000, PLAYING).at(9000, VIEW_END).events());
    assertThat(s.getVideoPlaybackFailure()).isTrue();
    assertThat(s.getVideoStartFailure()).isFalse();
    assertThat(s.getPlayingTimeMs()).isEqualTo(5000L);
  }

  @Test
  void viewEndingWithoutFirstFrameOrFatalErrorIsExitBeforeVideoStart() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(100, PLAY)
        .at(900, ERROR, b -> b.setErrorFatal(false).setErrorCode("RETRY")).at(3000, VIEW_END).events());
    assertThat(s.getExitBeforeVideoStart()).isTrue();
    assertThat(s.getVideoStartFailure()).isFalse();
    assertThat(s.getErrorCode()).as("only a fatal error is the view's error").isNull();
  }

  @Test
  void watchTimeIsViewLengthMinusPausedTime() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(0, PLAY).at(1000, PLAYING)
        .at(10000, PAUSE).at(12000, REBUFFER_START).at(13000, REBUFFER_END).at(40000, PLAY).at(40500, PLAYING)
        .at(50000, VIEW_END).events());
    assertThat(s.getWatchTimeMs()).isEqualTo(50000L - 30000);
    assertThat(s.getPlayingTimeMs()).isEqualTo(9000L + 9500);
    assertThat(s.getRebufferCount()).as("a rebuffer while paused is no stall").isZero();
  }

  @Test
  void averageBitrateIsTimeWeightedOverPlayingTime() {
    ViewSummary s = summarize(view("s").at(0, PLAY).atBitrate(1000, PLAYING, 1000)
        .atBitrate(4000, BITRATE_CHANGE, 4000)   // 3 s at 1000
        .at(5000, PAUSE).at(25000, PLAY).at(25000, PLAYING) // paused time weighs nothing
        .atBitrate(26000, BITRATE_CHANGE, 2000)  // 1 s + 1 s at 4000
        .at(30000, VIEW_END).events());           // 4 s at 2000
    assertThat(s.getAvgBitrateKbps()).isCloseTo((3000.0 * 1000 + 2000.0 * 4000 + 4000.0 * 2000) / 9000, within(1e-9));
    assertThat(s.getBitrateUpswitches()).isEqualTo(1);
    assertThat(s.getBitrateDownswitches()).isEqualTo(1);
  }

  @Test
  void averageBitrateIsNullWithoutPlayingTime() {
    ViewSummary s = summarize(view("s").atBitrate(0, VIEW_START, 3000).at(5000, VIEW_END).events());
    assertThat(s.getAvgBitrateKbps()).isNull();
    assertThat(s.getPlayingTimeMs()).isZero();
  }

  @Test
  void outOfOrderAndDuplicateEventsGiveTheInOrderResult() {
    List<PlaybackEvent> inOrder = view("s").at(0, VIEW_START).at(200, PLAY).atBitrate(1200, PLAYING, 2000)
        .at(5000, REBUFFER_START).at(6000, REBUFFER_END).at(11200, HEARTBEAT)
        .atBitrate(15000, BITRATE_CHANGE, 3000).at(20000, PAUSE).at(25000, PLAY).at(25300, PLAYING)
        .at(30000, VIEW_END).events();
    ViewSummary expected = summarize(inOrder);

    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      List<PlaybackEvent> shuffled = new ArrayList<>(inOrder);
      shuffled.addAll(inOrder.subList(0, 1 + random.nextInt(inOrder.size() - 1))); // SDK retries
      Collections.shuffle(shuffled, random);
      ViewQoeCalculator calculator = new ViewQoeCalculator();
      shuffled.forEach(calculator::apply);
      assertThat(calculator.summarize(ViewEndReason.TIMEOUT)).as("round %d", round).isEqualTo(expected);
      assertThat(calculator.ignoredEvents()).isEqualTo(shuffled.size() - inOrder.size());
    }
    assertThat(expected.getEventCount()).isEqualTo(inOrder.size());
    assertThat(expected.getRebufferCount()).isEqualTo(1);
  }

  @Test
  void viewWithoutEndEventEndsAtItsLastEventOnTimeoutWithOpenStall() {
    ViewSummary s = summarize(view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING)
        .at(10500, REBUFFER_START).at(12500, HEARTBEAT).events());
    assertThat(s.getEndReason()).isEqualTo(ViewEndReason.TIMEOUT);
    assertThat(s.getViewEndTs()).isEqualTo(ViewEvents.START.plusMillis(12500));
    assertThat(s.getRebufferDurationMs()).as("the open stall runs to the view end").isEqualTo(2000L);
  }

  @Test
  void lostEventIsCountedAsMissingSequenceAndTheRestStillApplies() {
    List<PlaybackEvent> events = new ArrayList<>(view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING)
        .at(10500, HEARTBEAT).at(20500, HEARTBEAT).at(30500, VIEW_END).events());
    events.remove(3);
    ViewQoeCalculator calculator = new ViewQoeCalculator();
    events.forEach(calculator::apply);
    assertThat(calculator.pendingEvents()).as("waiting behind the gap").isEqualTo(2);
    ViewSummary s = calculator.summarize(ViewEndReason.TIMEOUT);
    assertThat(s.getMissingSequences()).isEqualTo(1);
    assertThat(s.getEndReason()).isEqualTo(ViewEndReason.VIEW_END);
    assertThat(s.getPlayingTimeMs()).isEqualTo(30000L);
  }

  @Test
  void stateSurvivesJavaSerializationMidView() throws Exception {
    List<PlaybackEvent> events = view("s").at(0, VIEW_START).at(0, PLAY).atBitrate(500, PLAYING, 2000)
        .at(3000, REBUFFER_START).at(4000, REBUFFER_END).at(9000, VIEW_END).events();
    ViewQoeCalculator calculator = new ViewQoeCalculator();
    events.subList(0, 4).forEach(calculator::apply);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(calculator);
    }
    ViewQoeCalculator restored;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      restored = (ViewQoeCalculator) in.readObject();
    }
    events.subList(4, events.size()).forEach(restored::apply);

    assertThat(restored.summarize(ViewEndReason.TIMEOUT)).isEqualTo(summarize(events));
  }

  @Test
  void refusesAnotherSessionsEvent() {
    ViewQoeCalculator calculator = new ViewQoeCalculator();
    calculator.apply(view("a").at(0, VIEW_START).events().get(0));
    assertThatThrownBy(() -> calculator.apply(view("b").at(0, VIEW_START).events().get(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session b");
  }

  @Test
  void everyFixtureViewMatchesItsHandComputedValuesInArrivalOrder() {
    Map<String, ViewSummary> expected = QoeFixtures.expectedViews();
    List<QoeFixtures.FixtureView> views = QoeFixtures.views();
    assertThat(views).extracting(QoeFixtures.FixtureView::sessionId).containsExactlyElementsOf(expected.keySet());
    for (QoeFixtures.FixtureView view : views) {
      ViewQoeCalculator calculator = new ViewQoeCalculator();
      view.events().forEach(calculator::apply);
      ViewSummary actual = calculator.summarize(ViewEndReason.TIMEOUT);
      assertThat(QoeFixtures.differences(expected.get(view.sessionId()), actual)).as(view.covers()).isEmpty();
      assertThat(QoeFixtures.differences(expected.get(view.sessionId()),
          ViewQoeCalculator.summarizeView(view.events(), ViewEndReason.TIMEOUT)))
          .as("batch path: " + view.covers()).isEmpty();
    }
  }
}
