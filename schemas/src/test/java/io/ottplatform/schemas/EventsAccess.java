package io.ottplatform.schemas;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Instant;

/** Test data builder for contract records. */
public final class EventsAccess {

  public static final Instant AT_START = Instant.parse("2026-11-25T20:00:00Z");

  private EventsAccess() {}

  public static PlaybackEvent.Builder playing(String session, long sequence) {
    return PlaybackEvent.newBuilder()
        .setEventId(session + "-" + sequence)
        .setSessionId(session)
        .setSequence(sequence)
        .setAccountId("acc-1")
        .setProfileId("prof-1")
        .setTitleId("title-42")
        .setEventType(EventType.PLAYING)
        .setClientTs(AT_START.plusSeconds(sequence))
        .setServerTs(AT_START.plusSeconds(sequence).plusMillis(40))
        .setPlayheadMs(sequence * 1000)
        .setBitrateKbps(4500)
        .setRendition("1080p")
        .setDevice(Device.newBuilder().setType("desktop").setOs("Linux").setBrowser("Chrome").build())
        .setPlayer(Player.newBuilder().setName("hls.js").setVersion("1.6.0").build())
        .setCountry("NL")
        .setCdn("cdn-a")
        .setStreamType(StreamType.VOD)
        .setContentDurationMs(5_400_000L);
  }
}
