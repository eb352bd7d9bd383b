package io.ottplatform.stream.functions;

import static io.ottplatform.schemas.avro.EventType.HEARTBEAT;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static io.ottplatform.stream.Events.at;
import static io.ottplatform.stream.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.stream.Events;
import io.ottplatform.stream.QoeJob;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class OtherFunctionsTest {

  @Test
  void duplicateEventIdsAreDroppedUntilTheyExpire() throws Exception {
    List<PlaybackEvent> e = view("s").at(0, VIEW_START).at(10_000, HEARTBEAT).events();
    try (KeyedOneInputStreamOperatorTestHarness<String, PlaybackEvent, PlaybackEvent> h =
             ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                 new DeduplicateEvents(Duration.ofMinutes(10)), new QoeJob.SessionKey(), Types.STRING)) {
      h.setStateTtlProcessingTime(0);
      h.processElement(e.get(0), Events.ts(e.get(0)));
      h.processElement(e.get(0), Events.ts(e.get(0)));
      h.processElement(e.get(1), Events.ts(e.get(1)));
      assertThat(h.extractOutputValues()).containsExactly(e.get(0), e.get(1));

      h.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
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
    try (KeyedOneInputStreamOperatorTestHarness<String, DimensionSignal, QoeAggregate> h =
             ProcessFunctionTestHarnesses.forKeyedProcessFunction(aggregator, new QoeJob.RowKey(), Types.STRING)) {
      h.setProcessingTime(1_000);
      h.processElement(signal(QoeSignal.Kind.VIEW_STARTED, at(1_000), 0), at(1_000));
      h.processElement(signal(QoeSignal.Kind.PLAY, at(2_000), 800), at(2_000));
      h.processElement(signal(QoeSignal.Kind.PLAY, at(3_000), 1200), at(3_000));
      h.processElement(signal(QoeSignal.Kind.ACTIVE, at(3_000), 0), at(3_000));
      h.setProcessingTime(5_000);
      List<QoeAggregate> early = h.extractOutputValues();
      assertThat(early).hasSize(1);
      assertThat(early.get(0).getFinal$()).isFalse();
      assertThat(early.get(0).getPlays()).isEqualTo(2);
      assertThat(early.get(0).getStartupTimeP50Ms()).isEqualTo(800.0);
      assertThat(early.get(0).getDimension()).isEqualTo(QoeDimension.GLOBAL);

      h.setProcessingTime(10_000);
      assertThat(h.extractOutputValues()).as("nothing changed: nothing republished").hasSize(1);

      DimensionSignal ended = signal(QoeSignal.Kind.VIEW_ENDED, at(50_000), 0);
      ended.signal.videoStartFailure = true;
      h.processElement(ended, at(50_000));
      h.processWatermark(at(60_000 + 70_000));
      List<QoeAggregate> all = h.extractOutputValues();
      QoeAggregate fin = all.get(all.size() - 1);
      assertThat(fin.getFinal$()).isTrue();
      assertThat(fin.getViewsStarted()).isEqualTo(1);
      assertThat(fin.getConcurrentPlays()).isEqualTo(1);
      assertThat(fin.getVideoStartFailureRate()).isEqualTo(1.0);
      assertThat(fin.getStartupTimeP99Ms()).isEqualTo(1200.0);
      assertThat(h.numKeyedStateEntries()).as("the final minute's state is dropped").isZero();

      h.processElement(signal(QoeSignal.Kind.PLAY, at(30_000), 500), at(30_000));
      h.setProcessingTime(20_000);
      assertThat(h.extractOutputValues()).as("a signal for a final minute changes nothing").hasSize(all.size());
    }
  }

  private static DimensionSignal signal(QoeSignal.Kind kind, long ts, long startup) {
    QoeSignal s = new QoeSignal();
    s.kind = kind;
    s.ts = ts;
    s.sessionId = "s";
    s.startupTimeMs = startup;
    return new DimensionSignal("GLOBAL|all", s);
  }
}
