package io.ottplatform.local.demo;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A short, fixed view (start, startup, a stall, a bitrate switch, the end) for the demo's first round trip. */
public final class SampleSession {

  private SampleSession() {}

  public static List<PlaybackEvent> events(String sessionId, Instant start) {
    Object[][] script = {
        {EventType.VIEW_START, 0L, 0L, null},
        {EventType.PLAY, 150L, 0L, null},
        {EventType.PLAYING, 1350L, 0L, 3000},
        {EventType.HEARTBEAT, 11350L, 10000L, 3000},
        {EventType.REBUFFER_START, 15000L, 13650L, 3000},
        {EventType.REBUFFER_END, 16800L, 13650L, 3000},
        {EventType.BITRATE_CHANGE, 17000L, 13850L, 1800},
        {EventType.HEARTBEAT, 21350L, 18200L, 1800},
        {EventType.VIEW_END, 25000L, 21850L, 1800},
    };
    List<PlaybackEvent> events = new ArrayList<>();
    for (int i = 0; i < script.length; i++) {
      Instant at = start.plusMillis((Long) script[i][1]);
      events.add(PlaybackEvent.newBuilder()
          .setEventId(sessionId + "-" + i)
          .setSessionId(sessionId)
          .setSequence(i)
          .setAccountId("demo-account")
          .setProfileId("demo-profile")
          .setTitleId("demo-title-1")
          .setEventType((EventType) script[i][0])
          .setClientTs(at)
          .setServerTs(at.plusMillis(35))
          .setPlayheadMs((Long) script[i][2])
          .setBitrateKbps((Integer) script[i][3])
          .setRendition(script[i][3] == null ? null : ((Integer) script[i][3] >= 3000 ? "1080p" : "720p"))
          .setCdn("cdn-a")
          .setCountry("NL")
          .setDevice(Device.newBuilder().setType("desktop").setOs("Linux").setBrowser("Chrome").build())
          .setPlayer(Player.newBuilder().setName("hls.js").setVersion("1.6.0").build())
          .setStreamType(StreamType.VOD)
          .setContentDurationMs(600_000L)
          .build());
    }
    return events;
  }
}
