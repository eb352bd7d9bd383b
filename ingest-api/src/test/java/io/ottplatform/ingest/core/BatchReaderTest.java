package io.ottplatform.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BatchReaderTest {

  final BatchReader reader = new BatchReader(1024, 3);

  static ByteArrayInputStream body(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static ByteArrayInputStream gzip(String s) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return new ByteArrayInputStream(buffer.toByteArray());
  }

  static void refused(ThrowingRead read, int status, String message) {
    assertThatThrownBy(read::run).isInstanceOfSatisfying(IngestRefusal.class,
        r -> assertThat(r.status()).isEqualTo(status)).hasMessageContaining(message);
  }

  interface ThrowingRead {
    void run() throws Exception;
  }

  @Test
  void readsAnArrayAnEnvelopeAndGzip() throws Exception {
    assertThat(reader.read("application/json", null, null, body("[{},{}]")).events()).hasSize(2);
    BatchReader.Batch beacon = reader.read("text/plain;charset=UTF-8", null, null, body("{\"token\":\"t\",\"events\":[{}]}"));
    assertThat(beacon.bodyToken()).isEqualTo("t");
    assertThat(beacon.events()).hasSize(1);
    assertThat(reader.read("application/json", "gzip", null, gzip("[{}]")).events()).hasSize(1);
  }

  @Test
  void readsTheKnownFieldsOffTheStreamAndSkipsTheRest() throws Exception {
    BatchReader.Batch batch = reader.read("application/json", null, null, body("[{\"extra\":{\"deep\":[1,{\"event_id\":\"no\"}]},"
        + "\"event_id\":\"e1\",\"sequence\":7,\"client_ts\":\"2026-11-25T20:00:00Z\",\"error_fatal\":true,"
        + "\"playhead_ms\":1.5,\"bitrate_kbps\":123456789012345678901234567890,\"cdn\":null,"
        + "\"device\":{\"os\":\"x\"},\"device\":{\"type\":\"tv\",\"more\":{}},\"player\":[\"p\"],\"session_id\":12}, 42]"));

    EventFields e = batch.events().get(0);
    assertThat(e.eventId).isEqualTo("e1");
    assertThat(e.sequence).isEqualTo(7L);
    assertThat(e.clientTs).isEqualTo("2026-11-25T20:00:00Z");
    assertThat(e.errorFatal).isEqualTo(true);
    assertThat(e.playheadMs).as("kept as sent, for the message").hasToString("1.5");
    assertThat(e.bitrateKbps).hasToString("123456789012345678901234567890");
    assertThat(e.cdn).isNull();
    assertThat(e.deviceType).isEqualTo("tv");
    assertThat(e.deviceOs).as("a repeated key replaces the first").isNull();
    assertThat(e.player).hasToString("[\"p\"]");
    assertThat(e.sessionIdText()).isEqualTo("12");
    assertThat(batch.events().get(1).notAnObject).hasToString("NUMBER");
  }

  @Test
  void refusesWhatItCannotReadWithTheRightStatus() {
    refused(() -> reader.read("application/json", "gzip", null, body("plain")), 400, "not valid gzip");
    refused(() -> reader.read("application/json", null, "2048", body("[]")), 413, "larger than 1024 bytes");
    refused(() -> reader.read("application/json", "gzip", null, gzip("[" + " ".repeat(5000) + "]")), 413,
        "after decompression");
    refused(() -> reader.read("application/json", null, null, body("[{},{},{},{}]")), 413, "4 events; at most 3");
    refused(() -> reader.read(null, null, null, body("[]")), 415, "Content-Type is missing");
    refused(() -> reader.read("application/json", "br", null, body("[]")), 415, "Content-Encoding br");
    refused(() -> reader.read("text/plain; charset=ISO-8859-1", null, null, body("[]")), 415, "UTF-8");
    refused(() -> reader.read("application/json", null, null, body("")), 400, "empty");
    refused(() -> reader.read("application/json", null, null, body("{\"token\": 5, \"events\": []}")), 400, "\"token\" must be a string");
    refused(() -> reader.read("application/json", null, null, body("\"hello\"")), 400, "expected a JSON array");
    refused(() -> reader.read("application/json", null, null, body("[1,2")), 400, "not valid JSON");
    refused(() -> reader.read("application/json", null, null, body("{\"token\": 5, \"events\": [{}], \"x\": ")), 400,
        "not valid JSON");
    refused(() -> reader.read("application/json", null, "12", body("[{},{}]")), 400, "ended after 7 of the 12 bytes");
  }
}
