package io.ottplatform.simulator.sink;

import io.ottplatform.schemas.avro.PlaybackEvent;
import java.util.List;

/**
 * Writes events in the JSON an SDK posts to ingest-api (docs/ingest.md): snake_case fields, the ids that
 * come from the token left out, {@code client_ts} in epoch milliseconds, nulls omitted.
 */
public final class EventJson {

  private EventJson() {}

  public static String array(List<PlaybackEvent> events) {
    StringBuilder sb = new StringBuilder(events.size() * 420);
    sb.append('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      write(sb, events.get(i));
    }
    return sb.append(']').toString();
  }

  /** The sendBeacon form: token and events in one object, since a beacon cannot set headers. */
  public static String envelope(String token, List<PlaybackEvent> events) {
    return "{\"token\":\"" + token + "\",\"events\":" + array(events) + "}";
  }

  public static void write(StringBuilder sb, PlaybackEvent e) {
    sb.append("{\"event_id\":");
    string(sb, e.getEventId());
    sb.append(",\"session_id\":");
    string(sb, e.getSessionId());
    sb.append(",\"sequence\":").append(e.getSequence());
    sb.append(",\"event_type\":\"").append(e.getEventType().name()).append('"');
    sb.append(",\"client_ts\":").append(e.getClientTs().toEpochMilli());
    number(sb, "playhead_ms", e.getPlayheadMs());
    number(sb, "bitrate_kbps", e.getBitrateKbps());
    field(sb, "rendition", e.getRendition());
    number(sb, "buffer_ms", e.getBufferMs());
    number(sb, "dropped_frames", e.getDroppedFrames());
    field(sb, "error_code", e.getErrorCode());
    if (e.getErrorFatal() != null) {
      sb.append(",\"error_fatal\":").append(e.getErrorFatal());
    }
    field(sb, "cdn", e.getCdn());
    sb.append(",\"stream_type\":\"").append(e.getStreamType().name()).append('"');
    number(sb, "content_duration_ms", e.getContentDurationMs());
    sb.append(",\"device\":{\"type\":");
    string(sb, e.getDevice().getType());
    field(sb, "os", e.getDevice().getOs());
    field(sb, "os_version", e.getDevice().getOsVersion());
    field(sb, "app_version", e.getDevice().getAppVersion());
    sb.append("},\"player\":{\"name\":");
    string(sb, e.getPlayer().getName());
    field(sb, "version", e.getPlayer().getVersion());
    sb.append("}}");
  }

  private static void number(StringBuilder sb, String name, Number value) {
    if (value != null) {
      sb.append(",\"").append(name).append("\":").append(value);
    }
  }

  private static void field(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(",\"").append(name).append("\":");
      string(sb, value);
    }
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
