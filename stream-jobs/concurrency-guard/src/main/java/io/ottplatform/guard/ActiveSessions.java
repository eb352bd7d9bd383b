package io.ottplatform.guard;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One account's sessions: the active ones with the ingest time ({@code server_ts}) of their latest
 * event, and recently ended ones, remembered for a while so that a straggler after {@code VIEW_END}
 * does not count as a stream again.
 */
public final class ActiveSessions {

  private final TreeMap<String, Long> active = new TreeMap<>();
  private final TreeMap<String, Long> ended = new TreeMap<>();

  /** Records an event of {@code sessionId} at {@code at}; true if the session was not active before. */
  public boolean touch(String sessionId, long at) {
    if (ended.containsKey(sessionId)) {
      return false;
    }
    Long previous = active.put(sessionId, Math.max(at, active.getOrDefault(sessionId, Long.MIN_VALUE)));
    return previous == null;
  }

  public void end(String sessionId, long at) {
    active.remove(sessionId);
    ended.put(sessionId, at);
  }

  /** Forgets sessions without an event for {@code activeForMs} before {@code now}. */
  public void expire(long now, long activeForMs) {
    active.values().removeIf(last -> now - last >= activeForMs);
    ended.values().removeIf(at -> now - at >= activeForMs);
  }

  /** Session ids active at {@code now}, sorted. */
  public List<String> activeAt(long now, long activeForMs) {
    return active.entrySet().stream().filter(e -> now - e.getValue() < activeForMs).map(Map.Entry::getKey).toList();
  }

  public boolean isEmpty() {
    return active.isEmpty() && ended.isEmpty();
  }

  /** Line-oriented UTF-8: {@code A|E <tab> session id <tab> millis}. */
  public static Serde<ActiveSessions> serde() {
    Serializer<ActiveSessions> ser = (topic, s) -> {
      if (s == null) return null;
      StringBuilder b = new StringBuilder();
      s.active.forEach((id, at) -> b.append('A').append('\t').append(id).append('\t').append(at).append('\n'));
      s.ended.forEach((id, at) -> b.append('E').append('\t').append(id).append('\t').append(at).append('\n'));
      return b.toString().getBytes(StandardCharsets.UTF_8);
    };
    Deserializer<ActiveSessions> de = (topic, bytes) -> {
      if (bytes == null) return null;
      ActiveSessions s = new ActiveSessions();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        if (line.isEmpty()) continue;
        String[] f = line.split("\t");
        (f[0].equals("A") ? s.active : s.ended).put(f[1], Long.parseLong(f[2]));
      }
      return s;
    };
    return Serdes.serdeFrom(ser, de);
  }
}
