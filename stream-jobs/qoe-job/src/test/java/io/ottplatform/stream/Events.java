package io.ottplatform.stream;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Test data builder: one view's events at named offsets from {@link #AT_START}, sequence numbers in order. */
public final class Events {

  /** A minute boundary, so offsets read as positions within minutes. */
  public static final Instant AT_START = Instant.parse("2026-11-25T20:00:00Z");

  private final String sessionId;
  private final List<PlaybackEvent> events = new ArrayList<>();
  private String titleId = "title-1";
  private String cdn = "cdn-a";

  private Events(String sessionId) {
    this.sessionId = sessionId;
  }

  public static Events view(String sessionId) {
    return new Events(sessionId);
  }

  public Events title(String titleId) {
    this.titleId = titleId;
    return this;
  }

  public Events cdn(String cdn) {
    this.cdn = cdn;
    return this;
  }

  public Events at(long offsetMs, EventType type) {
    return at(offsetMs, type, b -> b);
  }

  public Events at(long offsetMs, EventType type, UnaryOperator<PlaybackEvent.Builder> extra) {
    long seq = events.size();
    Instant ts = AT_START.plusMillis(offsetMs);
    events.add(extra.apply(PlaybackEvent.newBuilder()
        .setEventId(sessionId + "-" + seq)
        .setSessionId(sessionId)
        .setSequence(seq)
        .setAccountId("acct-" + sessionId)
        .setProfileId("prof")
        .setTitleId(titleId)
        .setEventType(type)
        .setClientTs(ts)
        .setServerTs(ts.plusMillis(30))
        .setCdn(cdn)
        .setCountry("NL")
        .setDevice(Device.newBuilder().setType("desktop").build())
        .setPlayer(Player.newBuilder().setName("hls.js").build())
        .setStreamType(StreamType.VOD)).build());
    return this;
  }

  public List<PlaybackEvent> events() {
    return List.copyOf(events);
  }

  public static long ts(PlaybackEvent e) {
    return e.getClientTs().toEpochMilli();
  }

  public static long at(long offsetMs) {
    return AT_START.toEpochMilli() + offsetMs;
  }
}
