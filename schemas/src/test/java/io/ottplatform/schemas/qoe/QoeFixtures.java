package io.ottplatform.schemas.qoe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shared QoE fixture (schemas test-jar): hand-made views in {@code qoe/fixture-events.json}
 * and their hand-computed QoE in {@code qoe/fixture-expected-views.json}. Every engine that
 * computes view QoE (the Flink job, the Spark job) proves itself against it:
 *
 * <pre>{@code
 * Map<String, ViewSummary> expected = QoeFixtures.expectedViews();
 * for (ViewSummary actual : myEngine(QoeFixtures.events())) {
 *   assertThat(QoeFixtures.differences(expected.get(actual.getSessionId()), actual)).isEmpty();
 * }
 * }</pre>
 *
 * Views without an end event (fx-08) are expected with end reason TIMEOUT.
 */
public final class QoeFixtures {

  public static final String EVENTS_RESOURCE = "/qoe/fixture-events.json";
  public static final String EXPECTED_RESOURCE = "/qoe/fixture-expected-views.json";
  /** Tolerance for the double-valued metrics (ratios, frequencies, average bitrate). */
  public static final double TOLERANCE = 1e-9;

  /** One fixture view: its events in arrival order (with the fixture's duplicates and reorderings). */
  public record FixtureView(String sessionId, String covers, Instant start, List<PlaybackEvent> events) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private QoeFixtures() {}

  public static List<FixtureView> views() {
    List<FixtureView> views = new ArrayList<>();
    for (JsonNode view : read(EVENTS_RESOURCE).get("views")) {
      String sessionId = view.get("session_id").asText();
      Instant start = Instant.parse(view.get("start").asText());
      List<PlaybackEvent> events = new ArrayList<>();
      for (JsonNode e : view.get("events")) {
        events.add(event(view, start, e));
      }
      views.add(new FixtureView(sessionId, view.get("covers").asText(), start, List.copyOf(events)));
    }
    return List.copyOf(views);
  }

  /** Every fixture event, view after view, each view's events in arrival order. */
  public static List<PlaybackEvent> events() {
    return views().stream().flatMap(v -> v.events().stream()).toList();
  }

  /** The hand-computed summary of each fixture view, by session id, in fixture order. */
  public static Map<String, ViewSummary> expectedViews() {
    Map<String, JsonNode> headers = new LinkedHashMap<>();
    for (JsonNode view : read(EVENTS_RESOURCE).get("views")) {
      headers.put(view.get("session_id").asText(), view);
    }
    Map<String, ViewSummary> expected = new LinkedHashMap<>();
    for (JsonNode v : read(EXPECTED_RESOURCE).get("views")) {
      String sessionId = v.get("session_id").asText();
      JsonNode h = Objects.requireNonNull(headers.get(sessionId), "no fixture events for " + sessionId);
      Instant start = Instant.parse(h.get("start").asText());
      expected.put(sessionId, ViewSummary.newBuilder()
          .setSessionId(sessionId)
          .setAccountId(h.get("account_id").asText())
          .setProfileId(h.get("profile_id").asText())
          .setTitleId(h.get("title_id").asText())
          .setCdn(text(h, "cdn"))
          .setCountry(text(h, "country"))
          .setDeviceType(text(h, "device_type"))
          .setPlayerName(text(h, "player_name"))
          .setStreamType(text(h, "stream_type"))
          .setContentDurationMs(longOrNull(h, "content_duration_ms"))
          .setViewStartTs(start.plusMillis(v.get("view_start_at").asLong()))
          .setViewEndTs(start.plusMillis(v.get("view_end_at").asLong()))
          .setEndReason(ViewEndReason.valueOf(v.get("end_reason").asText()))
          .setStartupTimeMs(longOrNull(v, "startup_time_ms"))
          .setExitBeforeVideoStart(v.get("exit_before_video_start").asBoolean())
          .setVideoStartFailure(v.get("video_start_failure").asBoolean())
          .setVideoPlaybackFailure(v.get("video_playback_failure").asBoolean())
          .setErrorCode(text(v, "error_code"))
          .setRebufferCount(v.get("rebuffer_count").asInt())
          .setRebufferDurationMs(v.get("rebuffer_duration_ms").asLong())
          .setRebufferingRatio(v.get("rebuffering_ratio").asDouble())
          .setRebufferFrequencyPerMin(v.get("rebuffer_frequency_per_min").asDouble())
          .setPlayingTimeMs(v.get("playing_time_ms").asLong())
          .setWatchTimeMs(v.get("watch_time_ms").asLong())
          .setAvgBitrateKbps(v.get("avg_bitrate_kbps").isNull() ? null : v.get("avg_bitrate_kbps").asDouble())
          .setBitrateUpswitches(v.get("bitrate_upswitches").asInt())
          .setBitrateDownswitches(v.get("bitrate_downswitches").asInt())
          .setDroppedFrames(v.get("dropped_frames").asLong())
          .setMaxPlayheadMs(longOrNull(v, "max_playhead_ms"))
          .setEventCount(v.get("event_count").asInt())
          .setMissingSequences(v.get("missing_sequences").asInt())
          .build());
    }
    return expected;
  }

  /**
   * The fields in which {@code actual} differs from {@code expected}, as readable lines ("field:
   * expected X but was Y"); empty when they agree. Doubles compare within {@link #TOLERANCE}.
   */
  public static List<String> differences(ViewSummary expected, ViewSummary actual) {
    List<String> diffs = new ArrayList<>();
    if (expected == null || actual == null) {
      diffs.add("view: expected " + expected + " but was " + actual);
      return diffs;
    }
    for (var field : ViewSummary.getClassSchema().getFields()) {
      Object want = expected.get(field.pos());
      Object got = actual.get(field.pos());
      boolean same = want instanceof Double w && got instanceof Double g
          ? Math.abs(w - g) <= TOLERANCE
          : Objects.equals(want, got);
      if (!same) {
        diffs.add(expected.getSessionId() + "." + field.name() + ": expected " + want + " but was " + got);
      }
    }
    return diffs;
  }

  private static PlaybackEvent event(JsonNode view, Instant start, JsonNode e) {
    String sessionId = view.get("session_id").asText();
    long seq = e.get("seq").asLong();
    Instant at = start.plusMillis(e.get("at").asLong());
    return PlaybackEvent.newBuilder()
        .setEventId(e.has("id") ? e.get("id").asText() : sessionId + "-" + seq)
        .setSessionId(sessionId)
        .setSequence(seq)
        .setAccountId(view.get("account_id").asText())
        .setProfileId(view.get("profile_id").asText())
        .setTitleId(view.get("title_id").asText())
        .setEventType(EventType.valueOf(e.get("type").asText()))
        .setClientTs(at)
        .setServerTs(at.plusMillis(40))
        .setPlayheadMs(longOrNull(e, "playhead"))
        .setBitrateKbps(e.has("bitrate") ? e.get("bitrate").asInt() : null)
        .setDroppedFrames(e.has("dropped") ? e.get("dropped").asInt() : null)
        .setErrorCode(text(e, "error_code"))
        .setErrorFatal(e.has("fatal") ? e.get("fatal").asBoolean() : null)
        .setCdn(text(view, "cdn"))
        .setCountry(text(view, "country"))
        .setDevice(Device.newBuilder().setType(view.get("device_type").asText()).build())
        .setPlayer(Player.newBuilder().setName(view.get("player_name").asText()).build())
        .setStreamType(StreamType.valueOf(view.get("stream_type").asText()))
        .setContentDurationMs(longOrNull(view, "content_duration_ms"))
        .build();
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static Long longOrNull(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asLong() : null;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = QoeFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("fixture not on the classpath: " + resource
            + " (depend on io.ottplatform:schemas with <type>test-jar</type>, test scope)");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + resource, e);
    }
  }
}
