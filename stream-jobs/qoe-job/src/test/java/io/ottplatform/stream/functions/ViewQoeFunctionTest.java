package io.ottplatform.stream.functions;

import static io.ottplatform.schemas.avro.EventType.ERROR;
import static io.ottplatform.schemas.avro.EventType.HEARTBEAT;
import static io.ottplatform.schemas.avro.EventType.PLAY;
import static io.ottplatform.schemas.avro.EventType.PLAYING;
import static io.ottplatform.schemas.avro.EventType.REBUFFER_END;
import static io.ottplatform.schemas.avro.EventType.REBUFFER_START;
import static io.ottplatform.schemas.avro.EventType.SEEK_END;
import static io.ottplatform.schemas.avro.EventType.SEEK_START;
import static io.ottplatform.schemas.avro.EventType.VIEW_END;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static io.ottplatform.stream.Events.at;
import static io.ottplatform.stream.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import io.ottplatform.schemas.qoe.QoeFixtures;
import io.ottplatform.stream.Events;
import io.ottplatform.stream.QoeJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ViewQoeFunctionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REOPEN_WINDOW = Duration.ofMinutes(10);
  private static final Duration ENDED_VIEW_DELAY = Duration.ofSeconds(1);

  private KeyedOneInputStreamOperatorTestHarness<String, PlaybackEvent, ViewSummary> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ViewQoeFunction(TIMEOUT, REOPEN_WINDOW, ENDED_VIEW_DELAY), new QoeJob.SessionKey(), Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void feed(List<PlaybackEvent> events) throws Exception {
    for (PlaybackEvent e : events) {
      harness.processElement(e, Events.ts(e));
    }
  }

  private ViewSummary onlySummary() {
    List<ViewSummary> out = harness.extractOutputValues();
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private List<QoeSignal> signals() {
    List<QoeSignal> signals = new ArrayList<>();
    harness.getSideOutput(ViewQoeFunction.SIGNALS).forEach(r -> signals.add(r.getValue()));
    return signals;
  }

  @Test
  void emitsTheSummaryOnceTheWatermarkPassesViewEndAndThenClearsItsState() throws Exception {
    feed(view("s1").at(0, VIEW_START).at(500, PLAY).at(2000, PLAYING).at(30000, VIEW_END).events());
    harness.processWatermark(at(29_999));
    assertThat(harness.extractOutputValues()).as("a predecessor may still be on its way").isEmpty();

    harness.processWatermark(at(30_000));
    ViewSummary s = onlySummary();
    assertThat(s.getEndReason()).isEqualTo(ViewEndReason.VIEW_END);
    assertThat(s.getStartupTimeMs()).isEqualTo(1500L);
    assertThat(s.getPlayingTimeMs()).isEqualTo(28000L);

    harness.processWatermark(at(30_000 + TIMEOUT.toMillis()));
    assertThat(harness.numKeyedStateEntries()).as("state cleaned up").isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void anEndedViewIsSummarizedAfterTheDelayInProcessingTimeWithoutWaitingForTheWatermark() throws Exception {
    harness.setProcessingTime(100_000);
    feed(view("s1").at(0, VIEW_START).at(500, PLAY).at(2000, PLAYING).at(30000, VIEW_END).events());
    harness.setProcessingTime(100_000 + ENDED_VIEW_DELAY.toMillis() - 1);
    assertThat(harness.extractOutputValues()).as("the delay is not over").isEmpty();

    harness.setProcessingTime(100_000 + ENDED_VIEW_DELAY.toMillis());
    ViewSummary s = onlySummary();
    assertThat(s.getEndReason()).isEqualTo(ViewEndReason.VIEW_END);
    assertThat(s.getPlayingTimeMs()).isEqualTo(28000L);
    assertThat(signals()).extracting(q -> q.kind.name()).contains("VIEW_ENDED");

    harness.processWatermark(at(30_000));
    assertThat(harness.extractOutputValues()).as("the watermark does not summarize it again").hasSize(1);
    harness.processWatermark(at(30_000 + TIMEOUT.toMillis()));
    assertThat(harness.numKeyedStateEntries()).as("state cleaned up in event time as before").isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void anEndWaitingForAMissingPredecessorIsNotEndedSoNothingIsSummarizedUntilItArrives() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(200, PLAY).at(1200, PLAYING)
        .at(5000, REBUFFER_START).at(6000, REBUFFER_END).at(20000, VIEW_END).events();
    harness.setProcessingTime(0);
    feed(List.of(e.get(0), e.get(1), e.get(2), e.get(3), e.get(5))); // REBUFFER_END still on its way
    harness.setProcessingTime(60_000);
    assertThat(harness.extractOutputValues()).as("the end is not applied before its predecessor").isEmpty();

    harness.processElement(e.get(4), Events.ts(e.get(4)));
    harness.setProcessingTime(60_000 + ENDED_VIEW_DELAY.toMillis());
    ViewSummary s = onlySummary();
    assertThat(s.getRebufferDurationMs()).as("the late predecessor is part of the view").isEqualTo(1000L);
    assertThat(s.getMissingSequences()).isZero();
  }

  @Test
  void anEventAfterTheEndThatArrivesAfterTheDelayIsAStragglerAndChangesNothing() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(0, PLAY).at(1000, PLAYING)
        .at(9000, EventType.ENDED).at(9500, VIEW_END).events();
    harness.setProcessingTime(0);
    feed(e.subList(0, 4));
    harness.setProcessingTime(ENDED_VIEW_DELAY.toMillis());
    harness.processElement(e.get(4), Events.ts(e.get(4)));
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(onlySummary().getEndReason()).isEqualTo(ViewEndReason.ENDED);
    assertThat(harness.getSideOutput(ViewQoeFunction.AFTER_VIEW_END)).extracting(StreamRecord::getValue)
        .containsExactly(e.get(4));
  }

  @Test
  void seekInducedStallIsNotCounted() throws Exception {
    feed(view("s").at(0, VIEW_START).at(0, PLAY).at(1000, PLAYING).at(5000, SEEK_START)
        .at(5010, REBUFFER_START).at(8000, REBUFFER_END).at(8010, SEEK_END).at(8500, PLAYING)
        .at(10500, VIEW_END).events());
    harness.processWatermark(at(10_500));
    assertThat(onlySummary().getRebufferCount()).isZero();
  }

  @Test
  void stallDuringStartupIsNotCounted() throws Exception {
    feed(view("s").at(0, VIEW_START).at(100, PLAY).at(300, REBUFFER_START).at(2300, REBUFFER_END)
        .at(2500, PLAYING).at(12500, VIEW_END).events());
    harness.processWatermark(at(12_500));
    ViewSummary s = onlySummary();
    assertThat(s.getRebufferCount()).isZero();
    assertThat(s.getStartupTimeMs()).isEqualTo(2400L);
  }

  @Test
  void stallWhilePlayingIsCounted() throws Exception {
    feed(view("s").at(0, PLAY).at(1000, PLAYING).at(5000, REBUFFER_START).at(7000, REBUFFER_END)
        .at(8000, REBUFFER_START).at(8100, REBUFFER_END).at(11000, VIEW_END).events());
    harness.processWatermark(at(11_000));
    ViewSummary s = onlySummary();
    assertThat(s.getRebufferCount()).as("the 100 ms stall is ignored").isEqualTo(1);
    assertThat(s.getRebufferDurationMs()).isEqualTo(2000L);
  }

  @Test
  void errorBeforeFirstFrameIsStartFailureNotExitBeforeVideoStart() throws Exception {
    feed(view("s").at(0, VIEW_START).at(100, PLAY)
        .at(3000, ERROR, b -> b.setErrorFatal(true).setErrorCode("E")).at(3500, VIEW_END).events());
    harness.processWatermark(at(3500));
    ViewSummary s = onlySummary();
    assertThat(s.getVideoStartFailure()).isTrue();
    assertThat(s.getExitBeforeVideoStart()).isFalse();
  }

  @Test
  void outOfOrderAndDuplicateEventsGiveTheInOrderSummary() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(200, PLAY).at(1200, PLAYING)
        .at(5000, REBUFFER_START).at(6000, REBUFFER_END).at(11200, HEARTBEAT).at(20000, VIEW_END).events();
    feed(List.of(e.get(0), e.get(2), e.get(1), e.get(1), e.get(4), e.get(6), e.get(3), e.get(5), e.get(2)));
    harness.processWatermark(at(20_000));
    ViewSummary s = onlySummary();
    assertThat(s.getStartupTimeMs()).isEqualTo(1000L);
    assertThat(s.getRebufferCount()).isEqualTo(1);
    assertThat(s.getEventCount()).isEqualTo(7);
  }

  @Test
  void viewWithoutEndTimesOutAfterSessionTimeoutOfEventTime() throws Exception {
    feed(view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING).at(10_500, HEARTBEAT).events());
    harness.processWatermark(at(10_500 + TIMEOUT.toMillis() - 1));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(at(10_500 + TIMEOUT.toMillis()));
    ViewSummary s = onlySummary();
    assertThat(s.getEndReason()).isEqualTo(ViewEndReason.TIMEOUT);
    assertThat(s.getViewEndTs().toEpochMilli()).isEqualTo(at(10_500));
  }

  @Test
  void laterEventsPushTheTimeoutBack() throws Exception {
    feed(view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING).events());
    harness.processElement(view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING).at(50_000, HEARTBEAT)
        .events().get(3), at(50_000));
    harness.processWatermark(at(500 + TIMEOUT.toMillis()));
    assertThat(harness.extractOutputValues()).as("the heartbeat at 50 s keeps the view alive").isEmpty();
    harness.processWatermark(at(50_000 + TIMEOUT.toMillis()));
    assertThat(onlySummary().getViewEndTs().toEpochMilli()).isEqualTo(at(50_000));
  }

  @Test
  void aTimedOutViewReopenedByLaterEventsIsSummarizedAgainWholeWithTheNextRevision() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING).at(10_500, HEARTBEAT)
        .at(80_000, HEARTBEAT).at(90_000, VIEW_END).events();
    feed(e.subList(0, 4));
    harness.processWatermark(at(10_500 + TIMEOUT.toMillis()));
    ViewSummary first = onlySummary();
    assertThat(first.getEndReason()).isEqualTo(ViewEndReason.TIMEOUT);
    assertThat(first.getRevision()).isEqualTo(1);

    // the rest of the view arrives after a gap (say a broker outage held it up)
    feed(e.subList(4, 6));
    harness.processWatermark(at(90_000));

    List<ViewSummary> out = harness.extractOutputValues();
    assertThat(out).hasSize(2);
    ViewSummary second = out.get(1);
    assertThat(second.getRevision()).isEqualTo(2);
    assertThat(second.getSessionId()).isEqualTo(first.getSessionId());
    assertThat(second.getEndReason()).as("the whole view, as if nothing had been held up")
        .isEqualTo(ViewEndReason.VIEW_END);
    assertThat(second).usingRecursiveComparison().ignoringFields("revision")
        .isEqualTo(ViewQoeCalculator.summarizeView(e, ViewEndReason.TIMEOUT));
    assertThat(harness.getSideOutput(ViewQoeFunction.AFTER_VIEW_END)).isNull();
    assertThat(signals()).extracting(sig -> sig.kind).as("the minute aggregates count the view once")
        .filteredOn(k -> k == QoeSignal.Kind.VIEW_ENDED).hasSize(1);
  }

  @Test
  void aTimedOutViewIsForgottenAfterTheReopenWindow() throws Exception {
    feed(view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING).at(10_500, HEARTBEAT).events());
    harness.processWatermark(at(10_500 + TIMEOUT.toMillis()));
    assertThat(onlySummary().getRevision()).isEqualTo(1);
    assertThat(harness.numKeyedStateEntries()).as("kept to be reopened").isPositive();

    harness.processWatermark(at(10_500 + TIMEOUT.toMillis() + REOPEN_WINDOW.toMillis()));
    assertThat(harness.numKeyedStateEntries()).as("state cleaned up").isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void eventsAfterTheSummaryGoToTheAfterViewEndOutput() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(0, PLAY).at(500, PLAYING).at(5000, VIEW_END)
        .at(6000, HEARTBEAT).events();
    feed(e.subList(0, 4));
    harness.processWatermark(at(5000));
    harness.processElement(e.get(4), Events.ts(e.get(4)));
    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(harness.getSideOutput(ViewQoeFunction.AFTER_VIEW_END)).extracting(StreamRecord::getValue)
        .containsExactly(e.get(4));
  }

  @Test
  void signalsEachViewStartFirstFrameActiveMinuteAndEnd() throws Exception {
    feed(view("s").at(0, VIEW_START).at(500, PLAY).at(2000, PLAYING).at(30_000, HEARTBEAT)
        .at(65_000, HEARTBEAT).at(70_000, VIEW_END).events());
    harness.processWatermark(at(70_000));
    assertThat(signals()).extracting(s -> s.kind + "@" + (s.ts - at(0)))
        .containsExactly("VIEW_STARTED@0", "ACTIVE@0", "PLAY@2000", "ACTIVE@65000", "VIEW_ENDED@70000");
    assertThat(signals().get(2).startupTimeMs).isEqualTo(1500L);
  }

  @Test
  void everyFixtureViewMatchesItsHandComputedValues() throws Exception {
    feed(QoeFixtures.events());
    harness.processWatermark(Long.MAX_VALUE);
    Map<String, ViewSummary> expected = QoeFixtures.expectedViews();
    List<ViewSummary> actual = harness.extractOutputValues();
    assertThat(actual).extracting(ViewSummary::getSessionId).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (ViewSummary s : actual) {
      assertThat(QoeFixtures.differences(expected.get(s.getSessionId()), s)).isEmpty();
    }
  }
}
