package io.ottplatform.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottplatform.ingest.api.EventRejection;
import io.ottplatform.ingest.support.Events;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

  static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  final EventValidator validator = new EventValidator(Duration.ofMinutes(5), Duration.ofHours(24));

  static ObjectNode good() {
    try {
      return (ObjectNode) JSON.readTree(Events.heartbeat("s1", 3, NOW.minusSeconds(5)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The event as the body reader sees it: read off the JSON tokens of the tree. */
  static EventFields fields(JsonNode event) {
    try (com.fasterxml.jackson.core.JsonParser p = JSON.treeAsTokens(event)) {
      p.nextToken();
      return EventFields.read(p, JSON);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  EventRejection rejectionOf(Consumer<ObjectNode> change) {
    ObjectNode e = good();
    change.accept(e);
    EventValidator.Result r = validator.validate(List.of(fields(e)), NOW);
    assertThat(r.valid()).isEmpty();
    return r.rejected().get(0);
  }

  @Test
  void aWellFormedHeartbeatPassesWithItsFields() {
    EventValidator.Result r = validator.validate(List.of(fields(good())), NOW);

    assertThat(r.rejected()).isEmpty();
    ValidEvent e = r.valid().get(0);
    assertThat(e.eventType()).isEqualTo(EventType.HEARTBEAT);
    assertThat(e.sequence()).isEqualTo(3);
    assertThat(e.clientTsMs()).isEqualTo(NOW.minusSeconds(5).toEpochMilli());
    assertThat(e.playheadMs()).isEqualTo(30_000L);
    assertThat(e.bitrateKbps()).isEqualTo(4500);
    assertThat(e.streamType()).isEqualTo(StreamType.VOD);
    assertThat(e.playerName()).isEqualTo("shaka-player");
    assertThat(e.appVersion()).isEqualTo("web-4.12.0");
  }

  @Test
  void namesTheFieldAndReasonOfEachProblem() {
    assertThat(rejectionOf(e -> e.put("event_type", "TELEPORT")))
        .isEqualTo(new EventRejection(0, "event_type", "unknown event_type: TELEPORT"));
    assertThat(rejectionOf(e -> e.put("event_type", "UNKNOWN")).field()).isEqualTo("event_type");
    assertThat(rejectionOf(e -> e.remove("event_id")).reason()).isEqualTo("event_id is required");
    assertThat(rejectionOf(e -> e.put("sequence", -1)).reason()).contains("sequence must be between 0");
    assertThat(rejectionOf(e -> e.put("sequence", "seven")).reason()).contains("sequence must be an integer");
    assertThat(rejectionOf(e -> e.remove("playhead_ms")).reason()).isEqualTo("playhead_ms is required on HEARTBEAT");
    assertThat(rejectionOf(e -> e.put("bitrate_kbps", 0)).field()).isEqualTo("bitrate_kbps");
    assertThat(rejectionOf(e -> e.put("buffer_ms", 99_000_000)).field()).isEqualTo("buffer_ms");
    assertThat(rejectionOf(e -> e.put("stream_type", "DVD")).reason()).isEqualTo("stream_type must be VOD or LIVE: DVD");
    assertThat(rejectionOf(e -> e.remove("player")).field()).isEqualTo("player");
    assertThat(rejectionOf(e -> ((ObjectNode) e.get("device")).put("type", "fridge")).field()).isEqualTo("device.type");
    assertThat(rejectionOf(e -> e.put("error_fatal", "yes")).field()).isEqualTo("error_fatal");
  }

  @Test
  void refusesControlCharactersLoneSurrogatesAndNonCharactersInEveryClientStringByFieldAndPosition() {
    assertThat(rejectionOf(e -> e.put("event_id", "nul\u0000id")))
        .isEqualTo(new EventRejection(0, "event_id", "event_id holds the control character U+0000 at position 3"));
    assertThat(rejectionOf(e -> e.put("rendition", "1080p\u001b[2J")).reason())
        .isEqualTo("rendition holds the control character U+001B at position 5");
    assertThat(rejectionOf(e -> e.put("cdn", "fast\u0085ly")).reason())
        .isEqualTo("cdn holds the control character U+0085 at position 4");
    assertThat(rejectionOf(e -> e.put("cdn", "del\u007f")).field()).isEqualTo("cdn");
    assertThat(rejectionOf(e -> e.put("event_type", "ERROR").put("error_fatal", true).put("error_code", "E\nfake log line"))
        .reason()).isEqualTo("error_code holds the control character U+000A at position 1");
    assertThat(rejectionOf(e -> ((ObjectNode) e.get("device")).put("os", "\ud800x")).reason())
        .isEqualTo("device.os holds a lone surrogate U+D800 at position 0");
    assertThat(rejectionOf(e -> ((ObjectNode) e.get("device")).put("os_version", "17\udc00")).field())
        .isEqualTo("device.os_version");
    assertThat(rejectionOf(e -> ((ObjectNode) e.get("device")).put("app_version", "web\uffff")).reason())
        .isEqualTo("device.app_version holds the non-character U+FFFF at position 3");
    assertThat(rejectionOf(e -> ((ObjectNode) e.get("player")).put("name", "shaka\tplayer")).field())
        .isEqualTo("player.name");
    assertThat(rejectionOf(e -> ((ObjectNode) e.get("player")).put("version", "4\u00001")).field())
        .isEqualTo("player.version");
  }

  @Test
  void acceptsPrintableUnicodeIncludingCharactersOutsideTheBasicPlane() {
    ObjectNode e = good().put("cdn", "Akamaï 東京 \ud83c\udfac");
    ((ObjectNode) e.get("device")).put("os", "tvOS");

    EventValidator.Result r = validator.validate(List.of(fields(e)), NOW);

    assertThat(r.rejected()).isEmpty();
    assertThat(r.valid().get(0).cdn()).isEqualTo("Akamaï 東京 \ud83c\udfac");
  }

  @Test
  void requiresTheFieldsEachTypeNeeds() {
    assertThat(rejectionOf(e -> e.put("event_type", "ERROR")).reason()).isEqualTo("error_code is required on ERROR");
    assertThat(rejectionOf(e -> e.put("event_type", "ERROR").put("error_code", "X")).reason())
        .isEqualTo("error_fatal is required on ERROR");
    assertThat(rejectionOf(e -> e.put("event_type", "BITRATE_CHANGE").remove("bitrate_kbps")).reason())
        .isEqualTo("bitrate_kbps is required on BITRATE_CHANGE");
  }

  @Test
  void boundsThePlayersClock() {
    assertThat(rejectionOf(e -> e.put("client_ts", NOW.plusSeconds(301).toEpochMilli())).reason())
        .contains("ahead of the server clock");
    assertThat(rejectionOf(e -> e.put("client_ts", NOW.minus(Duration.ofHours(25)).toEpochMilli())).reason())
        .contains("older than");
    assertThat(rejectionOf(e -> e.put("client_ts", "yesterday")).reason()).contains("ISO-8601");
    ObjectNode iso = good().put("client_ts", "2026-11-25T19:59:00Z");
    assertThat(validator.validate(List.of(fields(iso)), NOW).valid().get(0).clientTsMs())
        .isEqualTo(Instant.parse("2026-11-25T19:59:00Z").toEpochMilli());
  }

  @Test
  void acceptsTheGoodEventsOfABatchAndNamesTheBadOnesByIndex() throws Exception {
    List<EventFields> batch = new ArrayList<>();
    batch.add(fields(good()));
    batch.add(fields(good().put("event_type", "NOPE").put("sequence", 4)));
    batch.add(fields(good().put("sequence", 5)));
    batch.add(fields(good().put("sequence", 5)));  // same sequence twice
    batch.add(fields(JSON.readTree("42")));

    EventValidator.Result r = validator.validate(batch, NOW);

    assertThat(r.valid()).extracting(ValidEvent::sequence).containsExactly(3L, 5L);
    assertThat(r.rejected()).extracting(EventRejection::index, EventRejection::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, "event_type"),
        org.assertj.core.groups.Tuple.tuple(3, "sequence"),
        org.assertj.core.groups.Tuple.tuple(4, ""));
  }
}
