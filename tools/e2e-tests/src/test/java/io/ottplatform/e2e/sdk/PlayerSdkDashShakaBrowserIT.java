package io.ottplatform.e2e.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.StreamType;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player SDK with real dash.js (npm dashjs 5.2.1) and real shaka-player (5.2.12) in Debian's headless Chromium,
 * against the real ingest-api and a real Kafka broker (PlayerSdkBrowserIT's page, server and script, whose page loads
 * the player {@code ?player=} names). The stream is DASH made by FFmpeg with two video renditions ({@link DashStream});
 * ABR is off and the page asks for the other rendition at 2 s, so every rendition change is known. Per player:
 *
 * <ul>
 *   <li>a whole view lands in Kafka in sequence order under the token's ids, with the player's name and version, the
 *       rendition change as {@code BITRATE_CHANGE} with the bitrate the player itself reported, and {@code ENDED};
 *   <li>a segment the origin answers with 404 (under {@code /broken/}): the player gives up on it, and its error
 *       becomes the SDK's fatal {@code ERROR} with the player's own code, then {@code VIEW_END}.
 * </ul>
 *
 * <p>Skipped when Chromium or node is missing, unless the environment has {@code CI} set (.ci/run installs both).
 */
@Timeout(300)
class PlayerSdkDashShakaBrowserIT {

  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));
  static final Duration PLAY_TIMEOUT = Duration.ofSeconds(45);
  /** The 4th segment of both video renditions: the first one the players load after the first seconds. */
  static final String[] LOST = {"chunk-0-00004.m4s", "chunk-1-00004.m4s"};

  static final String ACCOUNT = "acc-sdk-dash-it";
  static final String PROFILE = "prof-sdk-dash-it";
  static final String TITLE = "title-sdk-dash-it";
  static final String KID = "sdk-dash-it";

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir static Path dir;

  static SdkIngest ingest;
  static SdkTestServer server;
  static String skipReason;
  static final String RUN = UUID.randomUUID().toString();
  /** What sdk-play.js reported per run: the browser's and the player's own events, and the SDK's stats. */
  static JsonNode browser;

  @BeforeAll
  static void playInChromium() throws Exception {
    skipReason = missing(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
        + " (apt-get install chromium; it is in .ci/apt-packages)");
    if (skipReason == null) {
      skipReason = missing(SdkBrowser.nodeAvailable(), "node is not on the PATH (Node.js 20+ runs playwright-core)");
    }
    if (skipReason != null) {
      System.out.println("[sdk-dash] SKIPPED: " + skipReason);
      return;
    }
    Path media = DashStream.generate(dir.resolve("media"));
    Path browserDir = SdkBrowser.prepare(Paths.get("src/test/sdk-browser"), Paths.get("target/sdk-browser"));
    server = SdkTestServer.start(browserDir, media, null, Duration.ZERO).missing(LOST);
    ingest = SdkIngest.start(dir, KID, KAFKA.bootstrapServers(), server.base());

    ObjectMapper json = new ObjectMapper();
    ObjectNode plan = json.createObjectNode().put("chromium", CHROMIUM.toString())
        .put("playTimeoutMs", PLAY_TIMEOUT.toMillis());
    ArrayNode runs = plan.putArray("runs");
    for (String player : List.of("dash", "shaka")) {
      runs.addObject().put("name", player + "-full").put("until", "ended")
          .put("url", page(player, "/media/manifest.mpd", ingest.mint(session(player, "full"), ACCOUNT, PROFILE, TITLE))
              + "&switchAt=2");
      runs.addObject().put("name", player + "-lost").put("until", "error")
          .put("url", page(player, "/broken/manifest.mpd", ingest.mint(session(player, "lost"), ACCOUNT, PROFILE, TITLE)));
    }
    Path planFile = Files.writeString(browserDir.resolve("plan-dash-shaka.json"), json.writeValueAsString(plan));
    long started = System.nanoTime();
    browser = json.readTree(SdkBrowser.run(browserDir, planFile, PLAY_TIMEOUT.multipliedBy(4).plusSeconds(60)));
    System.out.printf("[sdk-dash] 4 pages in %d ms; 404s answered %d%n", (System.nanoTime() - started) / 1_000_000,
        server.missingAnswered());
    for (String run : List.of("dash-full", "dash-lost", "shaka-full", "shaka-lost")) {
      System.out.println("[sdk-dash] " + run + ": player " + browser.path(run).path("playerEvents") + " browser "
          + browser.path(run).path("browserEvents") + " stats " + browser.path(run).path("stats"));
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (ingest != null) {
      ingest.close();
    }
  }

  private static String session(String player, String run) {
    return "sdk-" + player + "-" + run + "-" + RUN;
  }

  private static String page(String player, String src, String token) {
    return server.base() + "/sdk-page.html?player=" + player + "&src=" + src + "&flushMs=10000"
        + ingest.pageParams(token);
  }

  // ---- dash.js

  @Test
  void dashJsPlaysAWholeViewWhoseRenditionChangeCarriesTheBitrateDashJsReported() {
    assumeTrue(skipReason == null, skipReason);
    List<PlaybackEvent> events = wholeView("dash", "dash.js", "5.2.1");
    // dash.js's qualityChangeRendered of the video: the representation's MPD bandwidth (video only)
    List<Integer> rendered = playerBitrates("dash-full", "qualityChangeRendered");
    assertThat(rendered).as("dash.js rendered the low rendition, then the one the page asked for")
        .containsExactly(DashStream.LOW_BPS / 1000, DashStream.HIGH_BPS / 1000);
    List<PlaybackEvent> changes = changes(events);
    assertThat(changes).extracting(PlaybackEvent::getBitrateKbps).as("BITRATE_CHANGE = dash.js's own bitrates")
        .containsExactlyElementsOf(rendered);
    assertThat(changes).extracting(PlaybackEvent::getRendition).containsExactly("180p", "360p");
  }

  @Test
  void aSegmentDashJsGivesUpOnIsTheSdksFatalErrorWithDashJsCode() {
    assumeTrue(skipReason == null, skipReason);
    int code = playerErrorCode("dash-lost");
    assertThat(code).as("dash.js FRAGMENT_LOADER_LOADING_FAILURE_ERROR_CODE").isEqualTo(27);
    lostView("dash", "dash.js", "dash:" + code);
  }

  // ---- shaka-player

  @Test
  void shakaPlaysAWholeViewWhoseRenditionChangeCarriesTheBitrateShakaReported() {
    assumeTrue(skipReason == null, skipReason);
    List<PlaybackEvent> events = wholeView("shaka", "shaka-player", "v5.2.12");
    // shaka's active variant: video and audio bandwidth together; its first choice (adaptation) comes during
    // load(), before the view, so the view's events carry it from VIEW_START and its one change is the page's switch
    List<Integer> active = new ArrayList<>(playerBitrates("shaka-full", "adaptation"));
    active.addAll(playerBitrates("shaka-full", "variantchanged"));
    assertThat(active).as("shaka's first variant (the top one), then the one the page asked for")
        .containsExactly((DashStream.HIGH_BPS + DashStream.AUDIO_BPS) / 1000,
            (DashStream.LOW_BPS + DashStream.AUDIO_BPS) / 1000);
    assertThat(events.get(0).getBitrateKbps()).as("VIEW_START carries shaka's first variant").isEqualTo(active.get(0));
    assertThat(events.get(0).getRendition()).isEqualTo("360p");
    List<PlaybackEvent> changes = changes(events);
    assertThat(changes).extracting(PlaybackEvent::getBitrateKbps).containsExactly(active.get(1));
    assertThat(changes).extracting(PlaybackEvent::getRendition).containsExactly("180p");
    // selectVariantTrack(track, clearBuffer) seeks the element a little: a seek the SDK opens and closes
    List<EventType> types = events.stream().map(PlaybackEvent::getEventType).toList();
    List<EventType> afterSwitch = types.subList(types.indexOf(EventType.BITRATE_CHANGE), types.size());
    if (afterSwitch.contains(EventType.SEEK_START)) {
      assertThat(afterSwitch).as("a seek is closed before playback goes on")
          .containsSubsequence(EventType.SEEK_START, EventType.SEEK_END, EventType.PLAYING);
    }
  }

  @Test
  void aSegmentShakaGivesUpOnIsTheSdksFatalErrorWithShakasCode() {
    assumeTrue(skipReason == null, skipReason);
    int code = playerErrorCode("shaka-lost");
    assertThat(code).as("shaka.util.Error.Code.BAD_HTTP_STATUS").isEqualTo(1001);
    JsonNode error = StreamSupport.stream(browser.path("shaka-lost").path("playerEvents").spliterator(), false)
        .filter(e -> e.path("type").asText().equals("error")).findFirst().orElseThrow();
    assertThat(error.path("severity").asInt()).as("CRITICAL").isEqualTo(2);
    lostView("shaka", "shaka-player", "shaka:" + code);
  }

  // ---- the views

  private static List<PlaybackEvent> wholeView(String player, String name, String version) {
    String sid = session(player, "full");
    List<PlaybackEvent> events = SessionEvents.read(KAFKA.bootstrapServers(), sid,
        e -> e.getEventType() == EventType.ENDED);
    List<EventType> types = events.stream().map(PlaybackEvent::getEventType).toList();
    System.out.println("[sdk-dash] " + player + " view: " + types);
    inSequenceUnderTheToken(events, sid, name, version);
    assertThat(types.get(0)).isEqualTo(EventType.VIEW_START);
    assertThat(types.get(types.size() - 1)).isEqualTo(EventType.ENDED);
    assertThat(types).as("the view's moments in order")
        .containsSubsequence(EventType.VIEW_START, EventType.PLAY, EventType.PLAYING, EventType.BITRATE_CHANGE,
            EventType.ENDED)
        .containsOnlyOnce(EventType.VIEW_START, EventType.PLAYER_READY, EventType.PLAY, EventType.ENDED)
        .doesNotContain(EventType.PAUSE, EventType.ERROR, EventType.VIEW_END);
    PlaybackEvent ended = events.get(events.size() - 1);
    assertThat(ended.getStreamType()).isEqualTo(StreamType.VOD);
    assertThat(ended.getContentDurationMs())
        .isBetween(DashStream.SECONDS * 1000L - 200, DashStream.SECONDS * 1000L + 200);
    JsonNode stats = browser.path(player + "-full").path("stats");
    assertThat(stats.path("sent").asInt()).as("the SDK counted what Kafka holds: " + stats).isEqualTo(events.size());
    assertThat(stats.path("retries").asInt() + stats.path("dropped").asInt() + stats.path("rejected").asInt())
        .as("nothing retried, dropped or refused: " + stats).isZero();
    return events;
  }

  private static void lostView(String player, String name, String code) {
    String sid = session(player, "lost");
    List<PlaybackEvent> events = SessionEvents.read(KAFKA.bootstrapServers(), sid,
        e -> e.getEventType() == EventType.VIEW_END);
    List<EventType> types = events.stream().map(PlaybackEvent::getEventType).toList();
    System.out.println("[sdk-dash] " + player + " lost segment: " + types);
    inSequenceUnderTheToken(events, sid, name, null);
    assertThat(types).containsSubsequence(EventType.VIEW_START, EventType.PLAYING, EventType.ERROR, EventType.VIEW_END)
        .containsOnlyOnce(EventType.ERROR).doesNotContain(EventType.ENDED);
    assertThat(types.get(types.size() - 1)).as("the fatal error ends the view").isEqualTo(EventType.VIEW_END);
    PlaybackEvent error = events.get(types.indexOf(EventType.ERROR));
    assertThat(error.getErrorCode()).as("the player's own code").isEqualTo(code);
    assertThat(error.getErrorFatal()).isTrue();
    assertThat(server.missingAnswered()).as("the lost segments were asked for").isPositive();
  }

  private static void inSequenceUnderTheToken(List<PlaybackEvent> events, String sid, String name, String version) {
    assertThat(events).extracting(PlaybackEvent::getSequence).as("Kafka order is sequence order, none missing")
        .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getSessionId()).isEqualTo(sid);
      assertThat(e.getAccountId()).isEqualTo(ACCOUNT);
      assertThat(e.getProfileId()).isEqualTo(PROFILE);
      assertThat(e.getTitleId()).isEqualTo(TITLE);
      assertThat(e.getPlayer().getName()).isEqualTo(name);
      if (version != null) {
        assertThat(e.getPlayer().getVersion()).isEqualTo(version);
      }
      assertThat(e.getCdn()).isEqualTo("test-origin");
    });
  }

  private static List<PlaybackEvent> changes(List<PlaybackEvent> events) {
    return events.stream().filter(e -> e.getEventType() == EventType.BITRATE_CHANGE).toList();
  }

  /** The video bitrates (kbps) the page saw in the player's own {@code type} events. */
  private static List<Integer> playerBitrates(String run, String type) {
    List<Integer> kbps = new ArrayList<>();
    for (JsonNode e : browser.path(run).path("playerEvents")) {
      if (e.path("type").asText().equals(type) && !e.path("mediaType").asText("video").equals("audio")) {
        kbps.add((int) Math.round(e.path("bandwidth").asDouble() / 1000));
      }
    }
    return kbps;
  }

  private static int playerErrorCode(String run) {
    for (JsonNode e : browser.path(run).path("playerEvents")) {
      if (e.path("type").asText().equals("error")) {
        return e.path("code").asInt();
      }
    }
    throw new AssertionError("the player reported no error in " + run + ": " + browser.path(run));
  }

  /** Null when present; outside CI the reason to skip; under CI (where .ci/run installs it) a failure. */
  private static String missing(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      fail(what + "; CI is set, so the SDK browser test must run (.ci/run installs .ci/apt-packages)");
    }
    return present ? null : what + ": SDK browser test skipped (set CI to make this a failure)";
  }
}
