package io.ottplatform.stream.functions;

import io.ottplatform.schemas.avro.PlaybackEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Removes SDK retries: an {@code event_id} already seen in its session is dropped and counted
 * ({@code duplicateEvents}). Keyed by session, so the ids live beside the view they belong to.
 *
 * <p>The ids expire with the session in <em>event time</em>: once the watermark is {@code ttl} past
 * the session's newest event, all of its ids are forgotten at once (one timer per session, moved
 * forward lazily rather than once per event). A processing-time TTL per id would keep every id of a
 * replay or backfill (millions, all within the TTL) in state and in every checkpoint; this keeps only
 * the ids of sessions that are still live. A retry arriving after that is stopped further on: the
 * view has been summarized by then, so the event goes to the late output.
 */
public final class DeduplicateEvents extends KeyedProcessFunction<String, PlaybackEvent, PlaybackEvent> {

  private static final long serialVersionUID = 1L;

  private final long ttlMs;
  private transient MapState<String, Boolean> seen;
  /** The session's newest event time; non-null exactly while a cleanup timer is registered. */
  private transient ValueState<Long> newest;
  private transient Counter duplicates;

  public DeduplicateEvents(Duration ttl) {
    this.ttlMs = ttl.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    // not "seen-event-ids", the name under which earlier versions kept ids with a state TTL: restored
    // under the old name (Flink 2.2 migrates TTL state), those ids would have no cleanup timer and stay
    // forever; under a new name a savepoint of the old job simply leaves them behind
    seen = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("session-event-ids", Types.STRING, Types.BOOLEAN));
    newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-event-ts", Types.LONG));
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
  }

  @Override
  public void processElement(PlaybackEvent event, Context ctx, Collector<PlaybackEvent> out) throws Exception {
    String id = event.getEventId();
    if (seen.contains(id)) {
      duplicates.inc();
      return;
    }
    seen.put(id, Boolean.TRUE);
    long ts = event.getClientTs().toEpochMilli();
    Long current = newest.value();
    if (current == null) {
      ctx.timerService().registerEventTimeTimer(ts + ttlMs);
      newest.update(ts);
    } else if (ts > current) {
      newest.update(ts);
    }
    out.collect(event);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PlaybackEvent> out) throws Exception {
    Long current = newest.value();
    if (current == null) {
      return;
    }
    long expiry = current + ttlMs;
    if (expiry > timestamp) {
      ctx.timerService().registerEventTimeTimer(expiry); // newer events came since: wait for them to expire
    } else {
      seen.clear();
      newest.clear();
    }
  }
}
