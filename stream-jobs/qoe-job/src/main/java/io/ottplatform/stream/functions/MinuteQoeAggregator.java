package io.ottplatform.stream.functions;

import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.qoe.QoeDimensionValue;
import io.ottplatform.schemas.qoe.WindowQoe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One-minute QoE aggregates of one row ({@code DIMENSION|value}), keyed by the row, from the partials
 * that {@link CombineMinuteSignals} sends. Each open minute
 * is published early, every {@code earlyFireInterval} of processing time while it changes
 * ({@code final=false}), and once more when the watermark passes the minute's end plus
 * {@code finalizeAfter} ({@code final=true}); then its state is dropped. A partial for a minute that
 * is already final is ignored and its signals counted ({@code lateSignals}).
 *
 * <p>A hand-rolled window rather than Flink's window API because the minute must wait for views
 * that time out after it (their end falls in it, but is only known {@code sessionTimeout} later)
 * while still being published early, with one explicit final row.
 */
public final class MinuteQoeAggregator extends KeyedProcessFunction<String, MinutePartial, QoeAggregate> {

  private static final long serialVersionUID = 1L;

  private final long windowMs = WindowQoe.WINDOW.toMillis();
  private final long finalizeAfterMs;
  private final long earlyFireMs;

  private transient MapState<Long, WindowQoe> windows;
  private transient MapState<Long, Boolean> changed;
  private transient Counter lateSignals;

  public MinuteQoeAggregator(Duration finalizeAfter, Duration earlyFireInterval) {
    this.finalizeAfterMs = finalizeAfter.toMillis();
    this.earlyFireMs = earlyFireInterval.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    windows = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("windows", Types.LONG, TypeInformation.of(WindowQoe.class)));
    changed = getRuntimeContext().getMapState(new MapStateDescriptor<>("changed", Types.LONG, Types.BOOLEAN));
    lateSignals = getRuntimeContext().getMetricGroup().counter("lateSignals");
  }

  @Override
  public void processElement(MinutePartial in, Context ctx, Collector<QoeAggregate> out) throws Exception {
    long windowStart = in.windowStart;
    long finalAt = windowStart + windowMs + finalizeAfterMs;
    if (finalAt <= ctx.timerService().currentWatermark()) {
      lateSignals.inc(in.signals());
      return;
    }
    WindowQoe window = windows.get(windowStart);
    if (window == null) {
      window = new WindowQoe();
      ctx.timerService().registerEventTimeTimer(finalAt);
    }
    in.applyTo(window);
    windows.put(windowStart, window);
    changed.put(windowStart, Boolean.TRUE);
    long now = ctx.timerService().currentProcessingTime();
    ctx.timerService().registerProcessingTimeTimer((now / earlyFireMs + 1) * earlyFireMs);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<QoeAggregate> out) throws Exception {
    QoeDimensionValue row = CombineMinuteSignals.parseRow(ctx.getCurrentKey());
    Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
      List<Long> done = new ArrayList<>();
      for (Map.Entry<Long, WindowQoe> w : windows.entries()) {
        if (w.getKey() + windowMs + finalizeAfterMs <= timestamp) {
          out.collect(w.getValue().toAggregate(w.getKey(), w.getKey() + windowMs, row, true, now));
          done.add(w.getKey());
        }
      }
      for (Long windowStart : done) {
        windows.remove(windowStart);
        changed.remove(windowStart);
      }
    } else {
      List<Long> published = new ArrayList<>();
      for (Long windowStart : changed.keys()) {
        WindowQoe w = windows.get(windowStart);
        if (w != null) {
          out.collect(w.toAggregate(windowStart, windowStart + windowMs, row, false, now));
        }
        published.add(windowStart);
      }
      for (Long windowStart : published) {
        changed.remove(windowStart);
      }
    }
  }
}
