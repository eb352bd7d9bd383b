package io.ottplatform.ingest.core;

import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import java.time.Instant;

/**
 * Builds the contract record: ids from the verified token (never the body), the player's fields from
 * the body, and what ingest adds (receive time, country, truncated client network, device from the
 * User-Agent, where it knows more than the body).
 */
public final class EventAssembler {

  private EventAssembler() {}

  public static PlaybackEvent assemble(ValidEvent e, PlaybackTokenClaims token, RequestContext request) {
    UserAgentClassifier.Classification ua = request.userAgent();
    String deviceType = ua.deviceType() != null ? ua.deviceType() : e.deviceType() != null ? e.deviceType() : "unknown";
    Device device = new Device(deviceType,
        ua.os() != null ? ua.os() : e.deviceOs(),
        ua.os() != null ? ua.osVersion() : e.deviceOsVersion(),
        ua.browser(), ua.browserVersion(), e.appVersion());
    return new PlaybackEvent(e.eventId(), token.sessionId(), e.sequence(), token.accountId(), token.profileId(),
        token.titleId(), e.eventType(), Instant.ofEpochMilli(e.clientTsMs()), request.serverTs(), e.playheadMs(),
        e.bitrateKbps(), e.rendition(), e.bufferMs(), e.droppedFrames(), e.errorCode(), e.errorFatal(), e.cdn(),
        device, new Player(e.playerName(), e.playerVersion()), request.country(), e.streamType(),
        e.contentDurationMs(), request.clientIpPrefix());
  }
}
