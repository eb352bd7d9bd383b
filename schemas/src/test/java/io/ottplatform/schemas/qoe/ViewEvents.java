package io.ottplatform.schemas.qoe;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Test data builder: a view's events at named offsets from its start, sequence numbers in order. */
final class ViewEvents {

  static final Instant START = Instant.parse("2026-11-25T20:00:00Z");

  private final String sessionId;
  private final List<PlaybackEvent> events = new ArrayList<>();

  private ViewEvents(String sessionId) {
    this.sessionId = sessionId;
  }

  static ViewEvents view(String sessionId) {
    return new ViewEvents(sessionId);
  }

  ViewEvents at(long offsetMs, EventType type) {
    return at(offsetMs, type, b -> b);
  }

  ViewEvents at(long offsetMs, EventType type, UnaryOperator<PlaybackEvent.Builder> extra) {
    long seq = events.size();
    Instant ts = START.plusMillis(offsetMs);
    events.add(extra.apply(PlaybackEvent.newBuilder()
        .setEventId(sessionId + "-" + seq)
        .setSessionId(sessionId)
        .setSequence(seq)
        .setAccountId("acct")
        .setProfileId("prof")
        .setTitleId("title")
        .setEventType(type)
        .setClientTs(ts)
        .setServerTs(ts.plusMillis(30))
        .setCdn("cdn-a")
        .setCountry("NL")
        .setDevice(Device.newBuilder().setType("desktop").build())
        .setPlayer(Player.newBuilder().setName("hls.js").build())
        .setStreamType(StreamType.VOD)).build());
    return this;
  }

  ViewEvents atBitrate(long offsetMs, EventType type, int kbps) {
    return at(offsetMs, type, b -> b.setBitrateKbps(kbps));
  }

  List<PlaybackEvent> events() {
    return List.copyOf(events);
  }
}
