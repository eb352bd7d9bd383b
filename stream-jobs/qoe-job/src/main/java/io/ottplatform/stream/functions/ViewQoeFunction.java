package io.ottplatform.stream.functions;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import io.ottplatform.schemas.qoe.WindowQoe;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-view state machine: keeps one {@link ViewQoeCalculator} per session (the shared QoE
 * definitions) and emits the view's {@link ViewSummary} {@code endedViewDelay} of processing time after its
 * {@code VIEW_END}/{@code ENDED} was applied, or when the event-time watermark passes that end, whichever comes
 * first; a view without an end is summarized when the watermark is {@code sessionTimeout} past its newest event.
 *
 * <p>Why an ended view need not wait for the watermark: the calculator applies events in {@code sequence} order,
 * so the end is applied only once every predecessor has arrived (or was given up on after
 * {@link ViewQoeCalculator#MAX_PENDING} later events, as at any other time): an ended view is complete, and the
 * watermark would add nothing to it. Waiting for the watermark made the last view of a quiet period wait for
 * every other partition to go idle ({@code idleness}). What the short delay still collects is the events the
 * player sends after the end ({@code VIEW_END} after {@code ENDED}), which are not part of the view; one arriving
 * later goes to {@link #AFTER_VIEW_END} like any straggler.
 *
 * <p>A view that ended ({@code VIEW_END}/{@code ENDED}) is summarized once: its state is cleared and a small
 * marker stays for another {@code sessionTimeout} so that stragglers go to {@link #AFTER_VIEW_END} (counted,
 * kept) instead of opening a bogus new view. A view that <em>timed out</em> may only have gone quiet (its events
 * held up by a network or broker outage): its calculator is kept for {@code reopenWindow} of event time, and
 * events arriving in that window reopen it; its next summary covers the whole view and carries the next
 * {@code revision}, superseding the earlier one on the compacted, session-keyed summaries topic. So every
 * consumer sees one current summary per view. The minute aggregates count a view once, in the minute its first
 * summary ended (a final minute cannot be taken back).
 *
 * <p>Side output {@link #SIGNALS}: the view's contributions to the minute aggregates (started,
 * first frame with its startup time, active in a minute once per minute, ended).
 */
public final class ViewQoeFunction extends KeyedProcessFunction<String, PlaybackEvent, ViewSummary> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<QoeSignal> SIGNALS = new OutputTag<>("qoe-signals") {};
  public static final OutputTag<PlaybackEvent> AFTER_VIEW_END = new OutputTag<>("events-after-view-end") {};

  /** Minutes a session remembers having been counted as active in (older ones are final anyway). */
  private static final int ACTIVE_WINDOWS_KEPT = 8;

  private final long sessionTimeoutMs;
  private final long windowMs = WindowQoe.WINDOW.toMillis();

  private transient ValueState<ViewQoeCalculator> view;
  private transient ValueState<Long> timeoutTimer;
  private transient ValueState<Long> closedUntil;
  private transient ValueState<long[]> activeWindows;
  private transient ValueState<Integer> revision;
  private transient Counter viewsEmitted;
  private transient Counter viewsReopened;
  private transient Counter eventsAfterEnd;
  private transient Counter ignoredEvents;

  private final long reopenWindowMs;
  private final long endedViewDelayMs;

  /**
   * A view timed out can be reopened for {@code reopenWindow} of event time after its summary; an ended view is
   * summarized {@code endedViewDelay} of processing time after its end was applied (or earlier, by the watermark).
   */
  public ViewQoeFunction(Duration sessionTimeout, Duration reopenWindow, Duration endedViewDelay) {
    this.sessionTimeoutMs = sessionTimeout.toMillis();
    this.reopenWindowMs = reopenWindow.toMillis();
    this.endedViewDelayMs = endedViewDelay.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    view = getRuntimeContext().getState(new ValueStateDescriptor<>("view", TypeInformation.of(ViewQoeCalculator.class)));
    timeoutTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("timeout-timer", Types.LONG));
    closedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("closed-until", Types.LONG));
    activeWindows = getRuntimeContext().getState(new ValueStateDescriptor<>("active-windows",
        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    revision = getRuntimeContext().getState(new ValueStateDescriptor<>("revision", Types.INT));
    viewsEmitted = getRuntimeContext().getMetricGroup().counter("viewsEmitted");
    viewsReopened = getRuntimeContext().getMetricGroup().counter("viewsReopened");
    eventsAfterEnd = getRuntimeContext().getMetricGroup().counter("eventsAfterViewEnd");
    ignoredEvents = getRuntimeContext().getMetricGroup().counter("ignoredEvents");
  }

  @Override
  public void processElement(PlaybackEvent event, Context ctx, Collector<ViewSummary> out) throws Exception {
    ViewQoeCalculator calculator = view.value();
    if (closedUntil.value() != null) {
      if (calculator == null) { // the view ended: a straggler
        eventsAfterEnd.inc();
        ctx.output(AFTER_VIEW_END, event);
        return;
      }
      closedUntil.clear(); // the view timed out and goes on: reopen it
      viewsReopened.inc();
    }
    if (calculator == null) {
      calculator = new ViewQoeCalculator();
    }
    boolean hadFirstFrame = calculator.firstFrameTs() != null;
    boolean wasEnded = calculator.isEnded();
    if (!calculator.apply(event)) {
      ignoredEvents.inc();
      return;
    }
    view.update(calculator);

    long ts = event.getClientTs().toEpochMilli();
    if (event.getEventType() == EventType.VIEW_START) {
      ctx.output(SIGNALS, QoeSignal.of(QoeSignal.Kind.VIEW_STARTED, ts, event));
    }
    if (markActive(WindowQoe.windowStart(ts, windowMs))) {
      ctx.output(SIGNALS, QoeSignal.of(QoeSignal.Kind.ACTIVE, ts, event));
    }
    if (!hadFirstFrame && calculator.firstFrameTs() != null) {
      QoeSignal play = QoeSignal.of(QoeSignal.Kind.PLAY, calculator.firstFrameTs(), event);
      play.startupTimeMs = calculator.startupTimeMs();
      ctx.output(SIGNALS, play);
    }

    if (calculator.isEnded()) {
      ctx.timerService().registerEventTimeTimer(calculator.viewEndTs());
      if (!wasEnded) {
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + endedViewDelayMs);
      }
    }
    if (timeoutTimer.value() == null) {
      long deadline = calculator.maxClientTs() + sessionTimeoutMs;
      ctx.timerService().registerEventTimeTimer(deadline);
      timeoutTimer.update(deadline);
    }
  }

  /** True the first time this session is seen in the window starting at {@code windowStart}. */
  private boolean markActive(long windowStart) throws Exception {
    long[] windows = activeWindows.value();
    if (windows == null) {
      activeWindows.update(new long[] {windowStart});
      return true;
    }
    for (long w : windows) {
      if (w == windowStart) {
        return false;
      }
    }
    long[] next = Arrays.copyOf(windows, Math.min(windows.length + 1, ACTIVE_WINDOWS_KEPT));
    if (windows.length >= ACTIVE_WINDOWS_KEPT) {
      Arrays.sort(next);
      next[0] = windowStart; // forget the oldest minute
    } else {
      next[windows.length] = windowStart;
    }
    activeWindows.update(next);
    return true;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ViewSummary> out) throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      // an ended view's delay is over; a no-op if the watermark summarized it already (or the state is gone)
      ViewQoeCalculator calculator = view.value();
      if (closedUntil.value() == null && calculator != null && calculator.isEnded()) {
        emit(calculator, calculator.viewEndTs(), ctx, out);
      }
      return;
    }
    Long closed = closedUntil.value();
    if (closed != null) { // summarized; the marker (and a timed-out view's calculator) expire together
      if (timestamp >= closed) {
        closedUntil.clear();
        view.clear();
        activeWindows.clear();
        revision.clear();
      }
      return;
    }
    ViewQoeCalculator calculator = view.value();
    if (calculator == null) {
      return;
    }
    if (calculator.isEnded()) {
      if (timestamp >= calculator.viewEndTs()) {
        emit(calculator, calculator.viewEndTs(), ctx, out);
      }
      return;
    }
    long deadline = calculator.maxClientTs() + sessionTimeoutMs;
    if (timestamp >= deadline) {
      emit(calculator, timestamp, ctx, out);
    } else {
      // events arrived since the timer was set: wait for the new deadline
      ctx.timerService().registerEventTimeTimer(deadline);
      timeoutTimer.update(deadline);
    }
  }

  /** {@code now} is in event time: the view's end, or the timer that found it timed out. */
  private void emit(ViewQoeCalculator calculator, long now, OnTimerContext ctx, Collector<ViewSummary> out)
      throws Exception {
    boolean ended = calculator.isEnded();
    // summarizing ends the calculator's view; a timed-out view is summarized from a copy so it can go on
    ViewSummary summary = (ended ? calculator : copy(calculator)).summarize(ViewEndReason.TIMEOUT);
    int rev = revision.value() == null ? 1 : revision.value() + 1;
    summary.setRevision(rev);
    out.collect(summary);
    if (rev == 1) {
      ctx.output(SIGNALS, QoeSignal.ended(summary));
    }
    viewsEmitted.inc();
    timeoutTimer.clear();
    long until;
    if (ended) {
      view.clear();
      activeWindows.clear();
      revision.clear();
      until = now + sessionTimeoutMs;
    } else {
      revision.update(rev);
      until = now + reopenWindowMs;
    }
    closedUntil.update(until);
    ctx.timerService().registerEventTimeTimer(until);
  }

  private static ViewQoeCalculator copy(ViewQoeCalculator calculator) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1024);
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(calculator);
      }
      try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
          new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        return (ViewQoeCalculator) in.readObject();
      }
    } catch (java.io.IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot copy a view's calculator", e);
    }
  }
}
