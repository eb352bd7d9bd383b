package io.ottplatform.simulator;

import io.ottplatform.schemas.avro.PlaybackEvent;
import java.util.List;

/**
 * One simulated view: its ids, its events in {@code sequence} order (as the player emitted them, with
 * {@code client_ts} of the player's clock) and the QoE it was scripted with.
 */
public record SimulatedView(
    String sessionId,
    String accountId,
    String profileId,
    String titleId,
    List<PlaybackEvent> events,
    ExpectedQoe expected) {

  public SimulatedView {
    events = List.copyOf(events);
  }

  /** {@code client_ts} of the first event (VIEW_START). */
  public java.time.Instant startTs() {
    return events.get(0).getClientTs();
  }

  /** {@code client_ts} of the last event (VIEW_END). */
  public java.time.Instant endTs() {
    return events.get(events.size() - 1).getClientTs();
  }
}
