package io.ottplatform.schemas.qoe;

import io.ottplatform.schemas.avro.PlaybackEvent;
import java.io.Serializable;

/** Who watched what, where: the descriptive fields of a view, taken from its events. */
final class ViewIdentity implements Serializable {

  private static final long serialVersionUID = 1L;

  String sessionId;
  String accountId;
  String profileId;
  String titleId;
  String cdn;
  String country;
  String deviceType;
  String playerName;
  String streamType;
  Long contentDurationMs;

  ViewIdentity() {}

  static ViewIdentity of(PlaybackEvent e) {
    ViewIdentity id = new ViewIdentity();
    id.sessionId = e.getSessionId();
    id.accountId = e.getAccountId();
    id.profileId = e.getProfileId();
    id.titleId = e.getTitleId();
    id.cdn = e.getCdn();
    id.country = e.getCountry();
    id.deviceType = e.getDevice() == null ? null : e.getDevice().getType();
    id.playerName = e.getPlayer() == null ? null : e.getPlayer().getName();
    id.streamType = e.getStreamType() == null ? null : e.getStreamType().name();
    id.contentDurationMs = e.getContentDurationMs();
    return id;
  }

  /** Fills this identity's missing fields from {@code later} (the first non-null value in sequence order wins). */
  void fillFrom(ViewIdentity later) {
    if (cdn == null) cdn = later.cdn;
    if (country == null) country = later.country;
    if (deviceType == null) deviceType = later.deviceType;
    if (playerName == null) playerName = later.playerName;
    if (streamType == null || "UNKNOWN".equals(streamType)) streamType = later.streamType;
    if (contentDurationMs == null) contentDurationMs = later.contentDurationMs;
  }
}
