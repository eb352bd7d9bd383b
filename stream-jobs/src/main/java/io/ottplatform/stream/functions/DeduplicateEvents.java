package io.ottplatform.stream.functions;

import io.ottplatform.schemas.avro.PlaybackEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Removes SDK retries: an {@code event_id} seen before (within {@code ttl}) is dropped and counted
 * ({@code duplicateEvents}). Keyed by session, so the ids live beside the view they belong to; they
 * expire by state TTL, so the state does not grow with the stream.
 */
public final class DeduplicateEvents extends KeyedProcessFunction<String, PlaybackEvent, PlaybackEvent> {

  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private transient MapState<String, Boolean> seen;
  private transient Counter duplicates;

  public DeduplicateEvents(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<String, Boolean> descriptor = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .neverReturnExpired()
        .cleanupFullSnapshot()
        .build());
    seen = getRuntimeContext().getMapState(descriptor);
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
    out.collect(event);
  }
}
