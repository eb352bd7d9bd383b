package io.ottplatform.ingest.cmcd;

import io.ottplatform.ingest.core.ValidEvent;
import io.ottplatform.ingest.sfv.InnerList;
import io.ottplatform.ingest.sfv.Item;
import io.ottplatform.ingest.sfv.Member;
import io.ottplatform.ingest.sfv.Token;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.StreamType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns one CMCD v2 event-mode report (CTA-5004-B, one RFC 8941 Dictionary) into one player event of the
 * platform's contract, so that the QoE definitions of docs/qoe.md apply to it unchanged.
 *
 * <p>Exactly one event per report, whatever its type: the report's {@code sn} becomes the event's
 * {@code sequence}, and the QoE calculator waits for every sequence number before it moves on, so a report
 * dropped here would stall its view as a lost event. The event id is derived from the session and
 * {@code sn} (a name-based UUID), so a report the player sends again (CML's reporter re-queues a batch
 * answered 429 or 5xx) gets the same id and the pipeline's dedupe by {@code event_id} removes it.
 *
 * <p>Keys as CTA-5004-B defines them, read from @svta/cml-cmcd 2.4.0 (the CMCD library inside hls.js 1.7.4,
 * dash.js 5.2.1 and shaka-player 5.2.12); docs/ingest.md has the table of what each becomes.
 */
public final class CmcdEventMapper {

  /** The player named in the report URL ({@code ?player=&player_version=}); CMCD itself has no such key. */
  public record Player(String name, String version) {}

  /** A report refused: the key at fault (empty for the report as a whole) and why. */
  public static final class Bad extends Exception {
    private final String key;

    Bad(String key, String reason) {
      super(reason, null, false, false);
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** What an error report without {@code ec} (which the spec requires) is recorded with. */
  static final String UNKNOWN_ERROR = "unknown";
  private static final long MAX_SEQUENCE = 100_000_000L;
  private static final long MAX_PLAYHEAD_MS = 1_000_000_000_000L;
  private static final int MAX_CDN = 64;
  private static final int MAX_ERROR_CODE = 128;

  private final long maxClockAheadMs;
  private final long maxEventAgeMs;
  private final Duration maxClockAhead;
  private final Duration maxEventAge;

  public CmcdEventMapper(Duration maxClockAhead, Duration maxEventAge) {
    this.maxClockAhead = maxClockAhead;
    this.maxEventAge = maxEventAge;
    this.maxClockAheadMs = maxClockAhead.toMillis();
    this.maxEventAgeMs = maxEventAge.toMillis();
  }

  /** The name-based id of report {@code sn} of a session: the same report always gets the same id. */
  public static String eventId(String sessionId, long sn) {
    return UUID.nameUUIDFromBytes(("cmcd:" + sessionId + ":" + sn).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The report's {@code sid}, or null when it has none (or not as a string: {@link #map} names that). */
  public static String sessionId(Map<String, Member> report) {
    return report.get("sid") instanceof Item i && i.value() instanceof String s ? s : null;
  }

  /** The report's {@code sn} when it is a valid one, else null. */
  public static Long sequence(Map<String, Member> report) {
    return report.get("sn") instanceof Item i && i.value() instanceof Long l && l >= 0 && l <= MAX_SEQUENCE ? l : null;
  }

  public ValidEvent map(Map<String, Member> report, String sessionId, Player player, Instant serverNow) throws Bad {
    long version = integer(report, "v", true, 1, Long.MAX_VALUE);
    if (version != 2) {
      throw new Bad("v", "v=" + version + ": event-mode reports are CMCD version 2 (v=2)");
    }
    String event = token(report, "e", true);
    long sequence = integer(report, "sn", true, 0, MAX_SEQUENCE);
    long clientTs = clientTs(integer(report, "ts", true, 0, Long.MAX_VALUE), serverNow);
    text(report, "sid"); // its value was checked against the token; here only its type
    String state = token(report, "sta", false);
    if (state != null) {
      playState(state); // a state that is not one is refused on any report, not only on e=ps
    }
    Long playhead = optionalInteger(report, "pt", 0, MAX_PLAYHEAD_MS);
    Integer bitrate = toInt(firstOfList(report, "br", 0, 1_000_000));
    if (bitrate != null && bitrate == 0) {
      bitrate = null; // hls.js reports br=(0) for a stream whose playlist declares no BANDWIDTH: unknown
    }
    Integer buffer = toInt(firstOfList(report, "bl", 0, 3_600_000));
    String cdn = cut(text(report, "cdn"), MAX_CDN);
    StreamType streamType = streamType(token(report, "st", false));
    String errorCode = cut(firstText(report, "ec"), MAX_ERROR_CODE);

    EventType type;
    Boolean fatal = null;
    switch (event) {
      case "ps" -> {
        if (state == null) {
          throw new Bad("sta", "a play state report (e=ps) needs sta, the new state");
        }
        type = playState(state);
        if (type == EventType.ERROR) {
          fatal = true;
        }
      }
      case "e" -> {
        type = EventType.ERROR;
        fatal = "f".equals(state);
      }
      // without a known bitrate (br=(0), or none though the spec requires it) a switch cannot be counted
      case "bc" -> type = bitrate == null ? EventType.HEARTBEAT : EventType.BITRATE_CHANGE;
      case "rr" -> {
        Long status = optionalInteger(report, "rc", 0, 999);
        if (status != null && (status == 0 || status >= 400)) {
          // a failed media request: counted as a non-fatal error, which changes no state
          type = EventType.ERROR;
          fatal = false;
          errorCode = "http_" + status;
        } else {
          type = EventType.HEARTBEAT;
        }
      }
      // t (time interval) and every other event type (rate, mute, ads, custom, ...) change no QoE state
      default -> type = EventType.HEARTBEAT;
    }
    if (type == EventType.ERROR && errorCode == null) {
      errorCode = UNKNOWN_ERROR;
    }
    if (type != EventType.ERROR) {
      errorCode = null;
    }
    return new ValidEvent(eventId(sessionId, sequence), sequence, type, clientTs, playhead, bitrate, null, buffer,
        null, errorCode, fatal, cdn, streamType, null, null, null, null, null, player.name(), player.version());
  }

  /**
   * CTA-5004-B's play states ({@code sta}) as the contract's transitions. Starting is the viewer's play
   * intent (startup time runs from it to the first playing), preloading happens before it, waiting (for a
   * user action or an ad) counts as paused, and quit ends the view like the SDK's VIEW_END.
   */
  static EventType playState(String sta) throws Bad {
    return switch (sta) {
      case "s" -> EventType.PLAY;
      case "p" -> EventType.PLAYING;
      case "k" -> EventType.SEEK_START;
      case "r" -> EventType.REBUFFER_START;
      case "a", "w" -> EventType.PAUSE;
      case "e" -> EventType.ENDED;
      case "f" -> EventType.ERROR;
      case "q" -> EventType.VIEW_END;
      case "d" -> EventType.PLAYER_READY;
      default -> throw new Bad("sta", "sta=" + sta + " is not a CMCD v2 player state (s p k r a w e f q d)");
    };
  }

  private static StreamType streamType(String st) throws Bad {
    if (st == null) {
      return StreamType.UNKNOWN;
    }
    return switch (st) {
      case "v" -> StreamType.VOD;
      case "l", "ll" -> StreamType.LIVE;
      default -> throw new Bad("st", "st=" + st + " is not a CMCD stream type (v, l, ll)");
    };
  }

  private long clientTs(long ts, Instant serverNow) throws Bad {
    long now = serverNow.toEpochMilli();
    if (ts > now + maxClockAheadMs) {
      throw new Bad("ts", "ts " + ts + " (" + Instant.ofEpochMilli(ts) + ") is more than " + maxClockAhead
          + " ahead of the server clock " + serverNow);
    }
    if (ts < now - maxEventAgeMs) {
      throw new Bad("ts", "ts " + ts + " (" + Instant.ofEpochMilli(ts) + ") is older than " + maxEventAge);
    }
    return ts;
  }

  private static Item item(Map<String, Member> report, String key) throws Bad {
    Member m = report.get(key);
    if (m == null) {
      return null;
    }
    if (m instanceof Item i) {
      return i;
    }
    throw new Bad(key, key + " must be a single value, not an inner list");
  }

  private static long integer(Map<String, Member> report, String key, boolean required, long min, long max)
      throws Bad {
    Long value = optionalInteger(report, key, min, max);
    if (value == null) {
      if (required) {
        throw new Bad(key, key + " is required in an event-mode report");
      }
      return 0;
    }
    return value;
  }

  private static Long optionalInteger(Map<String, Member> report, String key, long min, long max) throws Bad {
    Item i = item(report, key);
    if (i == null) {
      return null;
    }
    if (!(i.value() instanceof Long value)) {
      throw new Bad(key, key + " must be an integer, not " + describe(i.value()));
    }
    if (value < min || value > max) {
      throw new Bad(key, key + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  private static String token(Map<String, Member> report, String key, boolean required) throws Bad {
    Item i = item(report, key);
    if (i == null) {
      if (required) {
        throw new Bad(key, key + " is required in an event-mode report");
      }
      return null;
    }
    if (!(i.value() instanceof Token t)) {
      throw new Bad(key, key + " must be a token, not " + describe(i.value()));
    }
    return t.value();
  }

  private static String text(Map<String, Member> report, String key) throws Bad {
    Item i = item(report, key);
    if (i == null) {
      return null;
    }
    if (!(i.value() instanceof String s)) {
      throw new Bad(key, key + " must be a string, not " + describe(i.value()));
    }
    return s.isBlank() ? null : s;
  }

  /**
   * The value for the video of a key that CMCD v2 sends as an inner list with an {@code ot} parameter per
   * item ({@code br=(3000;ot=v 128;ot=a)}): the item for video or muxed content, else the first. dash.js 5.2.1
   * marks the items with a bare boolean parameter instead ({@code br=(800;v 64;a)}, its CmcdModel's
   * {@code _toInnerList} gives {@code {v: true}} and {@code {a: true}}, seen in a real run): {@code ;v} and
   * {@code ;av} count as video too. A bare number (CMCD v1's form) is taken as it is. Decimals are rounded to the
   * nearest integer.
   */
  private static Long firstOfList(Map<String, Member> report, String key, long min, long max) throws Bad {
    Member m = report.get(key);
    if (m == null) {
      return null;
    }
    Item chosen;
    if (m instanceof InnerList list) {
      if (list.items().isEmpty()) {
        return null;
      }
      chosen = list.items().get(0);
      for (Item i : list.items()) {
        Object ot = i.parameters().get("ot");
        if (ot instanceof Token t && (t.value().equals("v") || t.value().equals("av"))
            || Boolean.TRUE.equals(i.parameters().get("v")) || Boolean.TRUE.equals(i.parameters().get("av"))) {
          chosen = i;
          break;
        }
      }
    } else {
      chosen = (Item) m;
    }
    long value;
    if (chosen.value() instanceof Long l) {
      value = l;
    } else if (chosen.value() instanceof BigDecimal d) {
      value = Math.round(d.doubleValue());
    } else {
      throw new Bad(key, key + " must hold numbers, not " + describe(chosen.value()));
    }
    if (value < min || value > max) {
      throw new Bad(key, key + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  /** The first string of {@code ec}-like inner lists of strings (a bare string is accepted too). */
  private static String firstText(Map<String, Member> report, String key) throws Bad {
    Member m = report.get(key);
    if (m == null) {
      return null;
    }
    List<Item> items = m instanceof InnerList list ? list.items() : List.of((Item) m);
    if (items.isEmpty()) {
      return null;
    }
    Object v = items.get(0).value();
    if (v instanceof String s) {
      return s.isBlank() ? null : s;
    }
    if (v instanceof Token t) {
      return t.value();
    }
    throw new Bad(key, key + " must hold strings, not " + describe(v));
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static Integer toInt(Long v) {
    return v == null ? null : Math.toIntExact(v);
  }

  private static String describe(Object v) {
    if (v instanceof String s) {
      return "the string \"" + s + "\"";
    } else if (v instanceof Token t) {
      return "the token " + t.value();
    } else if (v instanceof Long || v instanceof BigDecimal) {
      return "the number " + v;
    } else if (v instanceof Boolean b) {
      return "the boolean " + (b ? "?1" : "?0");
    } else if (v instanceof byte[]) {
      return "a byte sequence";
    }
    return String.valueOf(v);
  }
}
