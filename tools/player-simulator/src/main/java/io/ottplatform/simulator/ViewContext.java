package io.ottplatform.simulator;

import io.ottplatform.schemas.avro.StreamType;

/**
 * What stays the same over one view: ids, where it is watched from and on what. In HTTP mode the ids
 * go into the playback token, {@code userAgent} into the header and {@code country} into the CDN's
 * country header, as a real player and CDN would send them.
 */
public record ViewContext(
    String sessionId,
    String accountId,
    String profileId,
    String titleId,
    StreamType streamType,
    Long contentDurationMs,
    String cdn,
    String country,
    String clientIpPrefix,
    DeviceProfile device) {

  /** A kind of device and player, with the User-Agent it sends. */
  public record DeviceProfile(
      String type,
      String os,
      String osVersion,
      String browser,
      String browserVersion,
      String appVersion,
      String playerName,
      String playerVersion,
      String userAgent,
      int maxBitrateKbps) {}
}
