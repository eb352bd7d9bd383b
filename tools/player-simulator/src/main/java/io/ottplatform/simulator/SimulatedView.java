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

  /**
   * The same view under another session id (the one serving-api's grant minted) and played {@code shiftMs}
   * later (a view an app could only start once a screen was free): every event keeps its id, type and
   * spacing, so the expected QoE is unchanged.
   */
  public SimulatedView rebased(String newSessionId, long shiftMs) {
    if (newSessionId.equals(sessionId) && shiftMs == 0) {
      return this;
    }
    List<PlaybackEvent> moved = events.stream().map(e -> PlaybackEvent.newBuilder(e).setSessionId(newSessionId)
        .setClientTs(e.getClientTs().plusMillis(shiftMs))
        .setServerTs(e.getServerTs() == null ? null : e.getServerTs().plusMillis(shiftMs)).build()).toList();
    return new SimulatedView(newSessionId, accountId, profileId, titleId, moved, expected);
  }

  /** {@code client_ts} of the last event (VIEW_END). */
  public java.time.Instant endTs() {
    return events.get(events.size() - 1).getClientTs();
  }
}
