package io.ottplatform.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottplatform.ingest.api.EventRejection;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks each event of a batch on its own, so one bad event does not sink the others: known type,
 * the fields its type needs, sane ranges, the player's clock within bounds of ours, and no sequence
 * number or event id twice in one batch. A refusal names the event's index, the field and the reason.
 */
public final class EventValidator {

  /** The outcome for a whole batch: the events that passed, and the refusals. */
  public record Result(List<ValidEvent> valid, List<EventRejection> rejected) {}

  static final Set<String> DEVICE_TYPES = Set.of("desktop", "mobile", "tablet", "tv", "console", "unknown");
  private static final Set<EventType> KNOWN = EnumSet.complementOf(EnumSet.of(EventType.UNKNOWN));

  private static final long MAX_SEQUENCE = 100_000_000L;
  private static final long MAX_PLAYHEAD_MS = 1_000_000_000_000L; // also a live stream's position
  private static final long MAX_CONTENT_MS = Duration.ofDays(7).toMillis();

  private final Duration maxClockAhead;
  private final Duration maxEventAge;

  public EventValidator(Duration maxClockAhead, Duration maxEventAge) {
    this.maxClockAhead = maxClockAhead;
    this.maxEventAge = maxEventAge;
  }

  /** Thrown from a field check with the field and the reason; cheap, carries no stack. */
  static final class Bad extends Exception {
    final String field;

    Bad(String field, String reason) {
      super(reason, null, false, false);
      this.field = field;
    }
  }

  public Result validate(List<JsonNode> events, Instant serverNow) {
    List<ValidEvent> valid = new ArrayList<>(events.size());
    List<EventRejection> rejected = new ArrayList<>();
    Set<Long> sequences = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      try {
        ValidEvent e = validate(events.get(i), serverNow);
        if (!ids.add(e.eventId())) {
          throw new Bad("event_id", "event_id " + e.eventId() + " appears twice in this batch");
        }
        if (!sequences.add(e.sequence())) {
          throw new Bad("sequence", "sequence " + e.sequence() + " appears twice in this batch");
        }
        valid.add(e);
      } catch (Bad bad) {
        rejected.add(new EventRejection(i, bad.field, bad.getMessage()));
      }
    }
    return new Result(valid, rejected);
  }

  ValidEvent validate(JsonNode n, Instant serverNow) throws Bad {
    if (n == null || !n.isObject()) {
      throw new Bad("", "an event must be a JSON object, not " + (n == null ? "nothing" : n.getNodeType()));
    }
    EventType type = eventType(n);
    String eventId = text(n, "event_id", true, 128);
    long sequence = integer(n, "sequence", true, 0, MAX_SEQUENCE);
    long clientTs = clientTs(n, serverNow);
    Long playhead = optionalLong(n, "playhead_ms", 0, MAX_PLAYHEAD_MS);
    Long bitrate = optionalLong(n, "bitrate_kbps", 1, 1_000_000);
    Long buffer = optionalLong(n, "buffer_ms", 0, 3_600_000);
    Long dropped = optionalLong(n, "dropped_frames", 0, 10_000_000);
    Long content = optionalLong(n, "content_duration_ms", 1, MAX_CONTENT_MS);
    String errorCode = text(n, "error_code", false, 128);
    Boolean errorFatal = bool(n, "error_fatal");
    switch (type) {
      case HEARTBEAT -> require(playhead, "playhead_ms", type);
      case BITRATE_CHANGE -> require(bitrate, "bitrate_kbps", type);
      case ERROR -> {
        require(errorCode, "error_code", type);
        require(errorFatal, "error_fatal", type);
      }
      default -> { }
    }
    JsonNode device = object(n, "device", false);
    JsonNode player = object(n, "player", true);
    String deviceType = device == null ? null : text(device, "type", false, 32);
    if (deviceType != null && !DEVICE_TYPES.contains(deviceType)) {
      throw new Bad("device.type", "device.type must be one of " + DEVICE_TYPES + ": " + deviceType);
    }
    return new ValidEvent(eventId, sequence, type, clientTs, playhead, toInt(bitrate), text(n, "rendition", false, 32),
        toInt(buffer), toInt(dropped), errorCode, errorFatal, text(n, "cdn", false, 64), streamType(n), content,
        deviceType,
        device == null ? null : text(device, "os", false, 64, "device.os"),
        device == null ? null : text(device, "os_version", false, 64, "device.os_version"),
        device == null ? null : text(device, "app_version", false, 64, "device.app_version"),
        text(player, "name", true, 64, "player.name"),
        text(player, "version", false, 64, "player.version"));
  }

  private static EventType eventType(JsonNode n) throws Bad {
    String name = text(n, "event_type", true, 32);
    try {
      EventType t = EventType.valueOf(name);
      if (KNOWN.contains(t)) {
        return t;
      }
    } catch (IllegalArgumentException ignored) {
      // reported below, with the value
    }
    throw new Bad("event_type", "unknown event_type: " + name);
  }

  private long clientTs(JsonNode n, Instant serverNow) throws Bad {
    JsonNode v = n.get("client_ts");
    long ts;
    if (v == null || v.isNull()) {
      throw new Bad("client_ts", "client_ts is required");
    } else if (v.isIntegralNumber() && v.canConvertToLong()) {
      ts = v.asLong();
    } else if (v.isTextual()) {
      try {
        ts = Instant.parse(v.asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new Bad("client_ts", "client_ts must be epoch milliseconds or an ISO-8601 instant: " + v.asText());
      }
    } else {
      throw new Bad("client_ts", "client_ts must be epoch milliseconds or an ISO-8601 instant: " + v);
    }
    long now = serverNow.toEpochMilli();
    if (ts > now + maxClockAhead.toMillis()) {
      throw new Bad("client_ts", "client_ts " + Instant.ofEpochMilli(ts) + " is more than " + maxClockAhead
          + " ahead of the server clock " + serverNow);
    }
    if (ts < now - maxEventAge.toMillis()) {
      throw new Bad("client_ts", "client_ts " + Instant.ofEpochMilli(ts) + " is older than " + maxEventAge);
    }
    return ts;
  }

  private static StreamType streamType(JsonNode n) throws Bad {
    String s = text(n, "stream_type", false, 8);
    if (s == null) {
      return StreamType.UNKNOWN;
    }
    return switch (s) {
      case "VOD" -> StreamType.VOD;
      case "LIVE" -> StreamType.LIVE;
      default -> throw new Bad("stream_type", "stream_type must be VOD or LIVE: " + s);
    };
  }

  private static void require(Object value, String field, EventType type) throws Bad {
    if (value == null) {
      throw new Bad(field, field + " is required on " + type);
    }
  }

  private static String text(JsonNode n, String field, boolean required, int maxLength) throws Bad {
    return text(n, field, required, maxLength, field);
  }

  private static String text(JsonNode n, String field, boolean required, int maxLength, String path) throws Bad {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new Bad(path, path + " is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new Bad(path, path + " must be a string, not " + v.getNodeType());
    }
    String s = v.asText();
    if (s.isBlank()) {
      throw new Bad(path, path + " must not be blank");
    }
    if (s.length() > maxLength) {
      throw new Bad(path, path + " is longer than " + maxLength + " characters");
    }
    return s;
  }

  private static long integer(JsonNode n, String field, boolean required, long min, long max) throws Bad {
    Long v = optionalLong(n, field, min, max);
    if (v == null) {
      throw new Bad(field, field + " is required");
    }
    return v;
  }

  private static Long optionalLong(JsonNode n, String field, long min, long max) throws Bad {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Bad(field, field + " must be an integer, not " + v);
    }
    long value = v.asLong();
    if (value < min || value > max) {
      throw new Bad(field, field + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  private static Boolean bool(JsonNode n, String field) throws Bad {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new Bad(field, field + " must be true or false, not " + v);
    }
    return v.asBoolean();
  }

  private static JsonNode object(JsonNode n, String field, boolean required) throws Bad {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new Bad(field, field + " is required");
      }
      return null;
    }
    if (!v.isObject()) {
      throw new Bad(field, field + " must be an object, not " + v.getNodeType());
    }
    return v;
  }

  private static Integer toInt(Long v) {
    return v == null ? null : Math.toIntExact(v);
  }
}
