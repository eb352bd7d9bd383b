package io.ottplatform.ingest.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;

/**
 * One event of a body as the player sent it, read straight off the JSON stream: the fields ingest
 * knows, each a {@code String}, {@code Long} or {@code Boolean} when it has the usual JSON type, or the
 * value's tree when it has another (so that the validator can name what it got), {@code null} when
 * absent or JSON null; unknown fields are skipped unread. No tree is built for a well-formed event: at
 * tens of thousands of events per second the tree (a map and a node per field) was a fifth of the
 * service's CPU together with validation, and most of its garbage.
 */
public final class EventFields {

  /** Not {@code null} when the element of the events array was not an object: its JSON type. */
  JsonNodeType notAnObject;

  Object eventId;
  Object sessionId;
  Object sequence;
  Object eventType;
  Object clientTs;
  Object playheadMs;
  Object bitrateKbps;
  Object rendition;
  Object bufferMs;
  Object droppedFrames;
  Object errorCode;
  Object errorFatal;
  Object cdn;
  Object streamType;
  Object contentDurationMs;

  /** {@code null} absent, {@link #OBJECT} when an object (its fields below), else the value's tree. */
  Object device;
  Object deviceType;
  Object deviceOs;
  Object deviceOsVersion;
  Object appVersion;

  Object player;
  Object playerName;
  Object playerVersion;

  static final Object OBJECT = new Object();

  /** The body's {@code session_id}, as text, or {@code null} when it has none (only the token's counts). */
  public String sessionIdText() {
    if (sessionId == null) {
      return null;
    }
    return sessionId instanceof JsonNode n ? n.asText() : sessionId.toString();
  }

  /**
   * Reads one element of the events array; the parser stands on its first token and is left on its
   * last one.
   */
  static EventFields read(JsonParser p, ObjectMapper mapper) throws IOException {
    EventFields e = new EventFields();
    if (p.currentToken() != JsonToken.START_OBJECT) {
      e.notAnObject = mapper.<JsonNode>readTree(p).getNodeType();
      return e;
    }
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "event_id" -> e.eventId = value(p, t, mapper);
        case "session_id" -> e.sessionId = value(p, t, mapper);
        case "sequence" -> e.sequence = value(p, t, mapper);
        case "event_type" -> e.eventType = value(p, t, mapper);
        case "client_ts" -> e.clientTs = value(p, t, mapper);
        case "playhead_ms" -> e.playheadMs = value(p, t, mapper);
        case "bitrate_kbps" -> e.bitrateKbps = value(p, t, mapper);
        case "rendition" -> e.rendition = value(p, t, mapper);
        case "buffer_ms" -> e.bufferMs = value(p, t, mapper);
        case "dropped_frames" -> e.droppedFrames = value(p, t, mapper);
        case "error_code" -> e.errorCode = value(p, t, mapper);
        case "error_fatal" -> e.errorFatal = value(p, t, mapper);
        case "cdn" -> e.cdn = value(p, t, mapper);
        case "stream_type" -> e.streamType = value(p, t, mapper);
        case "content_duration_ms" -> e.contentDurationMs = value(p, t, mapper);
        case "device" -> e.readDevice(p, t, mapper);
        case "player" -> e.readPlayer(p, t, mapper);
        default -> p.skipChildren();
      }
    }
    return e;
  }

  private void readDevice(JsonParser p, JsonToken t, ObjectMapper mapper) throws IOException {
    deviceType = deviceOs = deviceOsVersion = appVersion = null; // a repeated key replaces, as in a tree
    if (t != JsonToken.START_OBJECT) {
      device = value(p, t, mapper);
      return;
    }
    device = OBJECT;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (field) {
        case "type" -> deviceType = value(p, v, mapper);
        case "os" -> deviceOs = value(p, v, mapper);
        case "os_version" -> deviceOsVersion = value(p, v, mapper);
        case "app_version" -> appVersion = value(p, v, mapper);
        default -> p.skipChildren();
      }
    }
  }

  private void readPlayer(JsonParser p, JsonToken t, ObjectMapper mapper) throws IOException {
    playerName = playerVersion = null;
    if (t != JsonToken.START_OBJECT) {
      player = value(p, t, mapper);
      return;
    }
    player = OBJECT;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (field) {
        case "name" -> playerName = value(p, v, mapper);
        case "version" -> playerVersion = value(p, v, mapper);
        default -> p.skipChildren();
      }
    }
  }

  private static Object value(JsonParser p, JsonToken t, ObjectMapper mapper) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG) {
          return p.getLongValue();
        }
        return mapper.readTree(p); // too big for a long: kept as is, for the message
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        return mapper.readTree(p); // a float, an array or an object where a scalar belongs
    }
  }

  /** The value as a tree, for messages that show what was sent. */
  static JsonNode node(Object v) {
    if (v instanceof JsonNode n) {
      return n;
    } else if (v instanceof String s) {
      return JsonNodeFactory.instance.textNode(s);
    } else if (v instanceof Long l) {
      return JsonNodeFactory.instance.numberNode(l);
    } else if (v instanceof Boolean b) {
      return JsonNodeFactory.instance.booleanNode(b);
    }
    return JsonNodeFactory.instance.nullNode();
  }
}
