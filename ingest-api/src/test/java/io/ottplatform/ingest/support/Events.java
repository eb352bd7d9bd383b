package io.ottplatform.ingest.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** JSON events as an SDK writes them, with named moments of a view. */
public final class Events {

  private Events() {}

  public static String heartbeat(String sid, long sequence, Instant at) {
    return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"session_id\":\"" + sid + "\",\"sequence\":" + sequence
        + ",\"event_type\":\"HEARTBEAT\",\"client_ts\":" + at.toEpochMilli()
        + ",\"playhead_ms\":" + (sequence * 10_000) + ",\"bitrate_kbps\":4500,\"rendition\":\"1080p\",\"buffer_ms\":12000,"
        + "\"dropped_frames\":1,\"cdn\":\"fastly\",\"stream_type\":\"VOD\",\"content_duration_ms\":3600000,"
        + "\"device\":{\"type\":\"desktop\",\"app_version\":\"web-4.12.0\"},"
        + "\"player\":{\"name\":\"shaka-player\",\"version\":\"4.12.5\"}}";
  }

  public static String array(String... events) {
    return "[" + String.join(",", events) + "]";
  }

  public static String heartbeats(String sid, int count, Instant at) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(heartbeat(sid, i, at.plusSeconds(i)));
    }
    return "[" + String.join(",", list) + "]";
  }
}
