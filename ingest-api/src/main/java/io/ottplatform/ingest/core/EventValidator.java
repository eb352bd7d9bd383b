package io.ottplatform.ingest.core;

import io.ottplatform.ingest.api.EventRejection;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks each event of a batch on its own, so one bad event does not sink the others: known type,
 * the fields its type needs, sane ranges, the player's clock within bounds of ours, and no sequence
 * number or event id twice in one batch. A refusal names the event's index, the field and the reason.
 */
public final class EventValidator {

  /** The outcome for a whole batch: the events that passed, and the refusals. */
  public record Result(List<ValidEvent> valid, List<EventRejection> rejected) {}

  static final Set<String> DEVICE_TYPES = Set.of("desktop", "mobile", "tablet", "tv", "console", "unknown");
  /** The types a player may send, by name; UNKNOWN is only what old readers see for newer symbols. */
  private static final Map<String, EventType> EVENT_TYPES = Arrays.stream(EventType.values())
      .filter(t -> t != EventType.UNKNOWN).collect(Collectors.toUnmodifiableMap(Enum::name, t -> t));

  private static final long MAX_SEQUENCE = 100_000_000L;
  private static final long MAX_PLAYHEAD_MS = 1_000_000_000_000L; // also a live stream's position
  private static final long MAX_CONTENT_MS = Duration.ofDays(7).toMillis();

  private final Duration maxClockAhead;
  private final Duration maxEventAge;
  private final long maxClockAheadMs;
  private final long maxEventAgeMs;

  public EventValidator(Duration maxClockAhead, Duration maxEventAge) {
    this.maxClockAhead = maxClockAhead;
    this.maxEventAge = maxEventAge;
    this.maxClockAheadMs = maxClockAhead.toMillis();
    this.maxEventAgeMs = maxEventAge.toMillis();
  }

  /** Thrown from a field check with the field and the reason; cheap, carries no stack. */
  static final class Bad extends Exception {
    final String field;

    Bad(String field, String reason) {
      super(reason, null, false, false);
      this.field = field;
    }
  }

  public Result validate(List<EventFields> events, Instant serverNow) {
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

  ValidEvent validate(EventFields n, Instant serverNow) throws Bad {
    if (n.notAnObject != null) {
      throw new Bad("", "an event must be a JSON object, not " + n.notAnObject);
    }
    EventType type = eventType(n.eventType);
    String eventId = text(n.eventId, "event_id", true, 128);
    long sequence = integer(n.sequence, "sequence", 0, MAX_SEQUENCE);
    long clientTs = clientTs(n.clientTs, serverNow);
    Long playhead = optionalLong(n.playheadMs, "playhead_ms", 0, MAX_PLAYHEAD_MS);
    Long bitrate = optionalLong(n.bitrateKbps, "bitrate_kbps", 1, 1_000_000);
    Long buffer = optionalLong(n.bufferMs, "buffer_ms", 0, 3_600_000);
    Long dropped = optionalLong(n.droppedFrames, "dropped_frames", 0, 10_000_000);
    Long content = optionalLong(n.contentDurationMs, "content_duration_ms", 1, MAX_CONTENT_MS);
    String errorCode = text(n.errorCode, "error_code", false, 128);
    Boolean errorFatal = bool(n.errorFatal, "error_fatal");
    switch (type) {
      case HEARTBEAT -> require(playhead, "playhead_ms", type);
      case BITRATE_CHANGE -> require(bitrate, "bitrate_kbps", type);
      case ERROR -> {
        require(errorCode, "error_code", type);
        require(errorFatal, "error_fatal", type);
      }
      default -> { }
    }
    boolean device = object(n.device, "device", false);
    object(n.player, "player", true);
    String deviceType = device ? text(n.deviceType, "device.type", false, 32) : null;
    if (deviceType != null && !DEVICE_TYPES.contains(deviceType)) {
      throw new Bad("device.type", "device.type must be one of " + DEVICE_TYPES + ": " + deviceType);
    }
    return new ValidEvent(eventId, sequence, type, clientTs, playhead, toInt(bitrate),
        text(n.rendition, "rendition", false, 32), toInt(buffer), toInt(dropped), errorCode, errorFatal,
        text(n.cdn, "cdn", false, 64), streamType(n.streamType), content,
        deviceType,
        device ? text(n.deviceOs, "device.os", false, 64) : null,
        device ? text(n.deviceOsVersion, "device.os_version", false, 64) : null,
        device ? text(n.appVersion, "device.app_version", false, 64) : null,
        text(n.playerName, "player.name", true, 64),
        text(n.playerVersion, "player.version", false, 64));
  }

  private static EventType eventType(Object value) throws Bad {
    String name = text(value, "event_type", true, 32);
    EventType t = EVENT_TYPES.get(name);
    if (t != null) {
      return t;
    }
    throw new Bad("event_type", "unknown event_type: " + name);
  }

  private long clientTs(Object v, Instant serverNow) throws Bad {
    long ts;
    if (v == null) {
      throw new Bad("client_ts", "client_ts is required");
    } else if (v instanceof Long l) {
      ts = l;
    } else if (v instanceof String s) {
      try {
        ts = Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new Bad("client_ts", "client_ts must be epoch milliseconds or an ISO-8601 instant: " + s);
      }
    } else {
      throw new Bad("client_ts", "client_ts must be epoch milliseconds or an ISO-8601 instant: " + EventFields.node(v));
    }
    long now = serverNow.toEpochMilli();
    if (ts > now + maxClockAheadMs) {
      throw new Bad("client_ts", "client_ts " + Instant.ofEpochMilli(ts) + " is more than " + maxClockAhead
          + " ahead of the server clock " + serverNow);
    }
    if (ts < now - maxEventAgeMs) {
      throw new Bad("client_ts", "client_ts " + Instant.ofEpochMilli(ts) + " is older than " + maxEventAge);
    }
    return ts;
  }

  private static StreamType streamType(Object value) throws Bad {
    String s = text(value, "stream_type", false, 8);
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

  private static String text(Object v, String path, boolean required, int maxLength) throws Bad {
    if (v == null) {
      if (required) {
        throw new Bad(path, path + " is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new Bad(path, path + " must be a string, not " + EventFields.node(v).getNodeType());
    }
    if (s.isBlank()) {
      throw new Bad(path, path + " must not be blank");
    }
    if (s.length() > maxLength) {
      throw new Bad(path, path + " is longer than " + maxLength + " characters");
    }
    String problem = ClientText.problem(path, s);
    if (problem != null) {
      throw new Bad(path, problem);
    }
    return s;
  }

  private static long integer(Object v, String field, long min, long max) throws Bad {
    Long value = optionalLong(v, field, min, max);
    if (value == null) {
      throw new Bad(field, field + " is required");
    }
    return value;
  }

  private static Long optionalLong(Object v, String field, long min, long max) throws Bad {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Long value)) {
      throw new Bad(field, field + " must be an integer, not " + EventFields.node(v));
    }
    if (value < min || value > max) {
      throw new Bad(field, field + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  private static Boolean bool(Object v, String field) throws Bad {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Boolean b)) {
      throw new Bad(field, field + " must be true or false, not " + EventFields.node(v));
    }
    return b;
  }

  /** Whether the object is there; refuses a value of another type, and a required one missing. */
  private static boolean object(Object v, String field, boolean required) throws Bad {
    if (v == null) {
      if (required) {
        throw new Bad(field, field + " is required");
      }
      return false;
    }
    if (v != EventFields.OBJECT) {
      throw new Bad(field, field + " must be an object, not " + EventFields.node(v).getNodeType());
    }
    return true;
  }

  private static Integer toInt(Long v) {
    return v == null ? null : Math.toIntExact(v);
  }
}
