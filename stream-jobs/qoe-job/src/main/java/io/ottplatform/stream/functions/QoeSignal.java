package io.ottplatform.stream.functions;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.QoeDimensionValue;
import java.util.List;
import java.util.Objects;

/**
 * One contribution of a view to the per-minute aggregates, at its own event time: a view started, a
 * first frame, a session active in a minute, a view ended. A Flink POJO (public fields, no-arg
 * constructor) so it crosses the network without Kryo.
 */
public class QoeSignal {

  public enum Kind { VIEW_STARTED, PLAY, ACTIVE, VIEW_ENDED }

  public Kind kind;
  /** When it happened (client_ts): decides the minute it counts in. */
  public long ts;
  public String sessionId;
  public String titleId;
  public String cdn;
  public String country;
  public String deviceType;
  public String playerName;
  /** PLAY: the view's startup time. */
  public long startupTimeMs;
  /** VIEW_ENDED: the view's outcome and times. */
  public boolean videoStartFailure;
  public boolean videoPlaybackFailure;
  public boolean exitBeforeVideoStart;
  public long rebufferDurationMs;
  public long playingTimeMs;

  public QoeSignal() {}

  static QoeSignal of(Kind kind, long ts, PlaybackEvent e) {
    QoeSignal s = new QoeSignal();
    s.kind = kind;
    s.ts = ts;
    s.sessionId = e.getSessionId();
    s.titleId = e.getTitleId();
    s.cdn = e.getCdn();
    s.country = e.getCountry();
    s.deviceType = e.getDevice() == null ? null : e.getDevice().getType();
    s.playerName = e.getPlayer() == null ? null : e.getPlayer().getName();
    return s;
  }

  static QoeSignal ended(ViewSummary v) {
    QoeSignal s = new QoeSignal();
    s.kind = Kind.VIEW_ENDED;
    s.ts = v.getViewEndTs().toEpochMilli();
    s.sessionId = v.getSessionId();
    s.titleId = v.getTitleId();
    s.cdn = v.getCdn();
    s.country = v.getCountry();
    s.deviceType = v.getDeviceType();
    s.playerName = v.getPlayerName();
    s.videoStartFailure = v.getVideoStartFailure();
    s.videoPlaybackFailure = v.getVideoPlaybackFailure();
    s.exitBeforeVideoStart = v.getExitBeforeVideoStart();
    s.rebufferDurationMs = v.getRebufferDurationMs();
    s.playingTimeMs = v.getPlayingTimeMs();
    return s;
  }

  public List<QoeDimensionValue> rows() {
    return QoeDimensionValue.of(titleId, cdn, country, deviceType, playerName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QoeSignal s && kind == s.kind && ts == s.ts && Objects.equals(sessionId, s.sessionId)
        && startupTimeMs == s.startupTimeMs && playingTimeMs == s.playingTimeMs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, ts, sessionId);
  }

  @Override
  public String toString() {
    return kind + "@" + ts + "[" + sessionId + "]";
  }
}
