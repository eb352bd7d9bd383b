package io.ottplatform.guard;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import java.time.Instant;

/** Test data: one event of an account's session at a named moment (ingest time). */
final class GuardEvents {

  /** The HTTP API's bearer token in these tests (api-token, at least 32 characters). */
  static final String API_TOKEN = "guard-test-token-0123456789abcdef0123";


  static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");
  private static long ids;

  private GuardEvents() {}

  static PlaybackEvent event(String account, String session, EventType type, long atMs) {
    Instant at = T0.plusMillis(atMs);
    return PlaybackEvent.newBuilder()
        .setEventId("e-" + (ids++))
        .setSessionId(session)
        .setSequence(0)
        .setAccountId(account)
        .setProfileId("p")
        .setTitleId("t")
        .setEventType(type)
        .setClientTs(at)
        .setServerTs(at)
        .setDevice(Device.newBuilder().setType("tv").build())
        .setPlayer(Player.newBuilder().setName("shaka-player").build())
        .setStreamType(io.ottplatform.schemas.avro.StreamType.VOD)
        .build();
  }
}
