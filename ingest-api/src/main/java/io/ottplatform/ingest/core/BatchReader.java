package io.ottplatform.ingest.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a request body into a batch: content type and encoding checked, size bounded (after
 * decompression, so a small gzip bomb is refused too), JSON parsed, and the two shapes told apart: a
 * bare array of events (token in the Authorization header) or {@code {"token": ..., "events": [...]}}
 * (what {@code navigator.sendBeacon} sends as {@code text/plain}).
 */
public final class BatchReader {

  /** The token from the body, if the envelope carried one, and the events as sent. */
  public record Batch(String bodyToken, List<EventFields> events) {}

  private final ObjectMapper mapper;
  private final RequestBody requestBody;
  private final int maxEvents;

  public BatchReader(long maxBytes, int maxEvents) {
    this.requestBody = new RequestBody(maxBytes);
    this.maxEvents = maxEvents;
    this.mapper = new ObjectMapper();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(16).maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes)).build());
  }

  public Batch read(String contentType, String contentEncoding, String contentLength, InputStream body)
      throws IngestRefusal {
    checkContentType(contentType);
    byte[] bytes = requestBody.read(contentEncoding, contentLength, body);
    if (bytes.length == 0) {
      throw new IngestRefusal(400, "empty_body", "the request body is empty; send a JSON array of events");
    }
    try (JsonParser p = mapper.getFactory().createParser(bytes)) {
      return parse(p);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IngestRefusal(400, "malformed_json", "the body is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IngestRefusal(400, "malformed_json", "the body is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * Reads the whole root value before judging its shape, so that a body that is not JSON at all is
   * always a malformed_json refusal, whatever its first fields were.
   */
  private Batch parse(JsonParser p) throws IOException, IngestRefusal {
    JsonToken root = p.nextToken();
    if (root == JsonToken.START_ARRAY) {
      return new Batch(null, checkCount(readEvents(p)));
    }
    if (root != JsonToken.START_OBJECT) {
      String type = root == null ? "nothing" : mapper.<JsonNode>readTree(p).getNodeType().toString();
      throw new IngestRefusal(400, "bad_envelope",
          "expected a JSON array of events or {\"token\": ..., \"events\": [...]}, not " + type);
    }
    String token = null;
    boolean tokenNotText = false;
    Counted events = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (field.equals("token")) {
        tokenNotText = t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL;
        token = t == JsonToken.VALUE_STRING ? p.getText() : null;
        p.skipChildren();
      } else if (field.equals("events")) {
        events = t == JsonToken.START_ARRAY ? readEvents(p) : null;
        p.skipChildren();
      } else {
        p.skipChildren();
      }
    }
    if (tokenNotText) {
      throw new IngestRefusal(400, "bad_envelope", "\"token\" must be a string");
    }
    if (events == null) {
      throw new IngestRefusal(400, "bad_envelope", "a JSON object body needs an \"events\" array");
    }
    return new Batch(token, checkCount(events));
  }

  /** The events of an array, and how many there were: past the limit they are only counted. */
  private record Counted(List<EventFields> events, int count) {}

  private Counted readEvents(JsonParser p) throws IOException {
    List<EventFields> events = new ArrayList<>();
    int count = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new JsonParseException(p, "unexpected end of the events array");
      }
      if (++count <= maxEvents) {
        events.add(EventFields.read(p, mapper));
      } else {
        p.skipChildren();
      }
    }
    return new Counted(events, count);
  }

  private List<EventFields> checkCount(Counted events) throws IngestRefusal {
    if (events.count() == 0) {
      throw new IngestRefusal(400, "no_events", "the batch has no events");
    }
    if (events.count() > maxEvents) {
      throw new IngestRefusal(413, "too_many_events",
          "the batch has " + events.count() + " events; at most " + maxEvents + " per request");
    }
    return events.events();
  }

  private static void checkContentType(String contentType) throws IngestRefusal {
    if (contentType == null || contentType.isBlank()) {
      throw new IngestRefusal(415, "unsupported_media_type",
          "Content-Type is missing; send application/json (or text/plain from sendBeacon)");
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!base.equals("application/json") && !base.equals("text/plain")) {
      throw new IngestRefusal(415, "unsupported_media_type",
          "Content-Type " + base + " is not supported; send application/json (or text/plain from sendBeacon)");
    }
    int charset = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (charset >= 0) {
      String cs = contentType.substring(charset + 8).split(";", 2)[0].trim().replace("\"", "");
      if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
        throw new IngestRefusal(415, "unsupported_media_type", "charset " + cs + " is not supported; send UTF-8");
      }
    }
  }
}
