package io.ottplatform.stream.functions;

import static io.ottplatform.schemas.avro.EventType.HEARTBEAT;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static io.ottplatform.stream.Events.at;
import static io.ottplatform.stream.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.qoe.WindowQoe;
import io.ottplatform.stream.Events;
import io.ottplatform.stream.QoeJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class OtherFunctionsTest {

  @Test
  void duplicateEventIdsAreDroppedUntilTheSessionExpiresInEventTime() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(10_000, HEARTBEAT).events();
    try (KeyedOneInputStreamOperatorTestHarness<String, PlaybackEvent, PlaybackEvent> h =
             ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                 new DeduplicateEvents(Duration.ofMinutes(10)), new QoeJob.SessionKey(), Types.STRING)) {
      h.processElement(e.get(0), Events.ts(e.get(0)));
      h.processElement(e.get(0), Events.ts(e.get(0)));
      h.processElement(e.get(1), Events.ts(e.get(1)));
      assertThat(h.extractOutputValues()).containsExactly(e.get(0), e.get(1));

      h.processWatermark(at(Duration.ofMinutes(10).toMillis() + 5_000));
      h.processElement(e.get(0), Events.ts(e.get(0)));
      assertThat(h.extractOutputValues()).as("10 min after the first event, but not after the newest").hasSize(2);

      h.processWatermark(at(Duration.ofMinutes(10).toMillis() + 10_000));
      assertThat(h.numKeyedStateEntries()).as("the session's ids are dropped together").isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      h.processElement(e.get(0), Events.ts(e.get(0)));
      assertThat(h.extractOutputValues()).as("the id expired").hasSize(3);
    }
  }

  @Test
  void eventOfAnAlreadyFinalMinuteGoesToTheLateOutput() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(59_000, HEARTBEAT).at(60_000, HEARTBEAT).events();
    try (OneInputStreamOperatorTestHarness<PlaybackEvent, PlaybackEvent> h =
             ProcessFunctionTestHarnesses.forProcessFunction(new LateEventFilter(Duration.ofSeconds(70)))) {
      h.processWatermark(at(60_000 + 70_000)); // minute [0, 60 s) is final
      for (PlaybackEvent event : e) {
        h.processElement(event, Events.ts(event));
      }
      assertThat(h.extractOutputValues()).containsExactly(e.get(2));
      assertThat(h.getSideOutput(LateEventFilter.LATE)).extracting(StreamRecord::getValue)
          .containsExactly(e.get(0), e.get(1));
    }
  }

  @Test
  void minuteAggregateIsPublishedEarlyThenOnceFinalAndDropped() throws Exception {
    MinuteQoeAggregator aggregator = new MinuteQoeAggregator(Duration.ofSeconds(70), Duration.ofSeconds(5));
    try (KeyedOneInputStreamOperatorTestHarness<String, MinutePartial, QoeAggregate> h =
             ProcessFunctionTestHarnesses.forKeyedProcessFunction(aggregator, new QoeJob.RowKey(), Types.STRING)) {
      h.setProcessingTime(1_000);
      h.processElement(global(signal(QoeSignal.Kind.VIEW_STARTED, at(1_000), 0)), at(1_000));
      h.processElement(global(signal(QoeSignal.Kind.PLAY, at(2_000), 800)), at(2_000));
      h.processElement(global(signal(QoeSignal.Kind.PLAY, at(3_000), 1200)), at(3_000));
      h.processElement(global(signal(QoeSignal.Kind.ACTIVE, at(3_000), 0)), at(3_000));
      h.setProcessingTime(5_000);
      List<QoeAggregate> early = h.extractOutputValues();
      assertThat(early).hasSize(1);
      assertThat(early.get(0).getFinal$()).isFalse();
      assertThat(early.get(0).getPlays()).isEqualTo(2);
      assertThat(early.get(0).getStartupTimeP50Ms()).isEqualTo(800.0);
      assertThat(early.get(0).getDimension()).isEqualTo(QoeDimension.GLOBAL);

      h.setProcessingTime(10_000);
      assertThat(h.extractOutputValues()).as("nothing changed: nothing republished").hasSize(1);

      QoeSignal ended = signal(QoeSignal.Kind.VIEW_ENDED, at(50_000), 0);
      ended.videoStartFailure = true;
      h.processElement(global(ended), at(50_000));
      h.processWatermark(at(60_000 + 70_000));
      List<QoeAggregate> all = h.extractOutputValues();
      QoeAggregate fin = all.get(all.size() - 1);
      assertThat(fin.getFinal$()).isTrue();
      assertThat(fin.getViewsStarted()).isEqualTo(1);
      assertThat(fin.getConcurrentPlays()).isEqualTo(1);
      assertThat(fin.getVideoStartFailureRate()).isEqualTo(1.0);
      assertThat(fin.getStartupTimeP99Ms()).isEqualTo(1200.0);
      assertThat(h.numKeyedStateEntries()).as("the final minute's state is dropped").isZero();

      h.processElement(global(signal(QoeSignal.Kind.PLAY, at(30_000), 500)), at(30_000));
      h.setProcessingTime(20_000);
      assertThat(h.extractOutputValues()).as("a signal for a final minute changes nothing").hasSize(all.size());
    }
  }

  @Test
  void signalsAreCombinedPerRowAndMinuteAndAMinuteIsFlushedBeforeTheWatermarkThatFinalizesIt() throws Exception {
    QoeSignal play = signal(QoeSignal.Kind.PLAY, at(2_000), 800);
    play.titleId = "t1";
    play.cdn = "cdn-a";
    QoeSignal nextMinute = signal(QoeSignal.Kind.ACTIVE, at(61_000), 0);
    nextMinute.titleId = "t1";
    QoeSignal ended = signal(QoeSignal.Kind.VIEW_ENDED, at(3_000), 0);
    ended.exitBeforeVideoStart = true;
    ended.rebufferDurationMs = 400;
    try (OneInputStreamOperatorTestHarness<QoeSignal, MinutePartial> h = new OneInputStreamOperatorTestHarness<>(
        new CombineMinuteSignals(Duration.ofSeconds(1), Duration.ofSeconds(70), 1_000))) {
      h.open();
      h.processElement(signal(QoeSignal.Kind.VIEW_STARTED, at(1_000), 0), at(1_000));
      h.processElement(play, at(2_000));
      h.processElement(ended, at(3_000));
      h.processElement(nextMinute, at(61_000));
      h.processWatermark(at(60_000 + 70_000 - 1));
      assertThat(h.extractOutputValues()).as("no minute is final yet: all held").isEmpty();

      h.processWatermark(at(60_000 + 70_000)); // minute 0 becomes final downstream
      List<Object> out = new java.util.ArrayList<>(h.getOutput());
      assertThat(out.get(out.size() - 1)).as("the watermark follows the partials")
          .isEqualTo(new org.apache.flink.streaming.api.watermark.Watermark(at(60_000 + 70_000)));
      Map<String, MinutePartial> byRow = h.extractOutputValues().stream()
          .collect(Collectors.toMap(p -> p.row + "@" + (p.windowStart - at(0)), p -> p));
      // minute 0 only: GLOBAL, TITLE t1 and unknown, CDN cdn-a and unknown, COUNTRY, DEVICE_TYPE, PLAYER
      assertThat(byRow).hasSize(8);

      MinutePartial global = byRow.get("GLOBAL|all@0");
      assertThat(global.viewsStarted).isEqualTo(1);
      assertThat(global.plays).isEqualTo(1);
      assertThat(global.viewsEnded).isEqualTo(1);
      assertThat(global.signals()).isEqualTo(3);
      assertThat(byRow.get("TITLE|t1@0").plays).isEqualTo(1);
      assertThat(byRow.get("TITLE|unknown@0").viewsStarted).isEqualTo(1);
      assertThat(byRow.get("CDN|cdn-a@0").startupTimesMs).containsExactly(800);

      WindowQoe window = new WindowQoe();
      global.applyTo(window);
      assertThat(window.viewsStarted()).isEqualTo(1);
      assertThat(window.plays()).isEqualTo(1);
      assertThat(window.startupTimes().quantile(0.5)).isEqualTo(800.0);
      assertThat(window.viewsEnded()).isEqualTo(1);
      assertThat(window.exitBeforeVideoStartRate()).isEqualTo(1.0);
      assertThat(window.videoStartFailureRate()).isZero();

      h.prepareSnapshotPreBarrier(1L);
      List<MinutePartial> afterBarrier = h.extractOutputValues();
      assertThat(afterBarrier).as("everything flushed before a checkpoint barrier").hasSize(8 + 6);
      assertThat(afterBarrier.subList(8, 8 + 6)).allSatisfy(p -> {
        assertThat(p.windowStart).isEqualTo(at(60_000));
        assertThat(p.activeSessions).isEqualTo(1);
      });

      h.processElement(signal(QoeSignal.Kind.ACTIVE, at(62_000), 0), at(62_000));
      h.setProcessingTime(1_000);
      assertThat(h.extractOutputValues()).as("flushed by time").hasSize(8 + 6 + 6);
    }
  }

  private static QoeSignal signal(QoeSignal.Kind kind, long ts, long startup) {
    QoeSignal s = new QoeSignal();
    s.kind = kind;
    s.ts = ts;
    s.sessionId = "s";
    s.startupTimeMs = startup;
    return s;
  }

  private static MinutePartial global(QoeSignal s) {
    return new MinutePartial("GLOBAL|all", WindowQoe.windowStart(s.ts)).add(s);
  }
}
