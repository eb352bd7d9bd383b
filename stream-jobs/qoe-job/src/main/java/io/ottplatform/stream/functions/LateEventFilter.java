package io.ottplatform.stream.functions;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.qoe.WindowQoe;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends an event whose minute is already final (its window ended more than {@code finalizeAfter}
 * of event time before the current watermark) to the {@link #LATE} side output instead of the
 * pipeline, and counts it ({@code lateEvents}). Such an event can no longer change a published
 * final aggregate; it is kept on the late topic rather than dropped.
 */
public final class LateEventFilter extends ProcessFunction<PlaybackEvent, PlaybackEvent> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<PlaybackEvent> LATE = new OutputTag<>("late-events") {};

  private final long windowMs;
  private final long finalizeAfterMs;
  private transient Counter lateEvents;

  public LateEventFilter(Duration finalizeAfter) {
    this.windowMs = WindowQoe.WINDOW.toMillis();
    this.finalizeAfterMs = finalizeAfter.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
  }

  @Override
  public void processElement(PlaybackEvent event, Context ctx, Collector<PlaybackEvent> out) {
    long ts = event.getClientTs().toEpochMilli();
    long windowEnd = WindowQoe.windowStart(ts, windowMs) + windowMs;
    if (windowEnd + finalizeAfterMs <= ctx.timerService().currentWatermark()) {
      lateEvents.inc();
      ctx.output(LATE, event);
    } else {
      out.collect(event);
    }
  }
}
