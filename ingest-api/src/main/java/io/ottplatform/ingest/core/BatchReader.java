package io.ottplatform.ingest.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns a request body into a batch: content type and encoding checked, size bounded (after
 * decompression, so a small gzip bomb is refused too), JSON parsed, and the two shapes told apart: a
 * bare array of events (token in the Authorization header) or {@code {"token": ..., "events": [...]}}
 * (what {@code navigator.sendBeacon} sends as {@code text/plain}).
 */
public final class BatchReader {

  /** The token from the body, if the envelope carried one, and the events as JSON. */
  public record Batch(String bodyToken, List<JsonNode> events) {}

  private final ObjectMapper mapper;
  private final long maxBytes;
  private final int maxEvents;

  public BatchReader(long maxBytes, int maxEvents) {
    this.maxBytes = maxBytes;
    this.maxEvents = maxEvents;
    this.mapper = new ObjectMapper();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(16).maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes)).build());
  }

  public Batch read(String contentType, String contentEncoding, String contentLength, InputStream body)
      throws IngestRefusal {
    checkContentType(contentType);
    boolean gzip = checkEncoding(contentEncoding);
    if (contentLength != null) {
      try {
        if (Long.parseLong(contentLength.trim()) > maxBytes) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw new IngestRefusal(400, "bad_content_length", "Content-Length is not a number: " + contentLength);
      }
    }
    byte[] bytes = readBounded(body, gzip);
    if (bytes.length == 0) {
      throw new IngestRefusal(400, "empty_body", "the request body is empty; send a JSON array of events");
    }
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IngestRefusal(400, "malformed_json", "the body is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IngestRefusal(400, "malformed_json", "the body is not valid JSON: " + e.getMessage());
    }
    String token = null;
    JsonNode events = root;
    if (root != null && root.isObject()) {
      JsonNode t = root.get("token");
      if (t != null && !t.isNull()) {
        if (!t.isTextual()) {
          throw new IngestRefusal(400, "bad_envelope", "\"token\" must be a string");
        }
        token = t.asText();
      }
      events = root.get("events");
      if (events == null || !events.isArray()) {
        throw new IngestRefusal(400, "bad_envelope", "a JSON object body needs an \"events\" array");
      }
    }
    if (events == null || !events.isArray()) {
      throw new IngestRefusal(400, "bad_envelope",
          "expected a JSON array of events or {\"token\": ..., \"events\": [...]}, not " + (root == null ? "nothing" : root.getNodeType()));
    }
    if (events.isEmpty()) {
      throw new IngestRefusal(400, "no_events", "the batch has no events");
    }
    if (events.size() > maxEvents) {
      throw new IngestRefusal(413, "too_many_events",
          "the batch has " + events.size() + " events; at most " + maxEvents + " per request");
    }
    List<JsonNode> list = new ArrayList<>(events.size());
    events.forEach(list::add);
    return new Batch(token, list);
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

  private static boolean checkEncoding(String encoding) throws IngestRefusal {
    if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
      return false;
    }
    if (encoding.trim().equalsIgnoreCase("gzip")) {
      return true;
    }
    throw new IngestRefusal(415, "unsupported_encoding",
        "Content-Encoding " + encoding.trim() + " is not supported; send gzip or no encoding");
  }

  private byte[] readBounded(InputStream body, boolean gzip) throws IngestRefusal {
    if (body == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    try (InputStream in = gzip ? new GZIPInputStream(body, 8192) : body) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > maxBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
    } catch (IngestRefusal e) {
      throw e;
    } catch (IOException e) {
      throw new IngestRefusal(400, gzip ? "bad_gzip" : "unreadable_body",
          (gzip ? "the body is not valid gzip: " : "the body could not be read: ") + e.getMessage());
    }
    return out.toByteArray();
  }

  private IngestRefusal tooLarge() {
    return new IngestRefusal(413, "body_too_large",
        "the body is larger than " + maxBytes + " bytes (after decompression); send smaller batches");
  }
}
