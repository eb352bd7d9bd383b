package io.ottplatform.schemas.qoe;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import java.io.Serializable;

/**
 * The part of a {@link PlaybackEvent} that the QoE definitions read, kept small so a view's
 * reorder buffer is cheap to hold as keyed state.
 */
final class QoeEvent implements Serializable {

  private static final long serialVersionUID = 1L;

  long sequence;
  EventType type;
  long clientTs;
  Integer bitrateKbps;
  Integer droppedFrames;
  Long playheadMs;
  boolean fatalError;
  String errorCode;
  ViewIdentity identity;

  QoeEvent() {}

  static QoeEvent of(PlaybackEvent e) {
    QoeEvent q = new QoeEvent();
    q.sequence = e.getSequence();
    q.type = e.getEventType() == null ? EventType.UNKNOWN : e.getEventType();
    q.clientTs = e.getClientTs().toEpochMilli();
    q.bitrateKbps = e.getBitrateKbps();
    q.droppedFrames = e.getDroppedFrames();
    q.playheadMs = e.getPlayheadMs();
    q.fatalError = q.type == EventType.ERROR && Boolean.TRUE.equals(e.getErrorFatal());
    q.errorCode = e.getErrorCode();
    q.identity = ViewIdentity.of(e);
    return q;
  }
}
