package io.ottplatform.ingest.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.ingest.IngestApplication;
import io.ottplatform.ingest.IngestConfiguration;
import io.ottplatform.ingest.cmcd.CmcdEventMapper;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.ingest.support.TopicReader;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.NodeModules;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the CMCD browser tests share (CmcdHlsJsBrowserIT, CmcdDashJsBrowserIT, CmcdShakaBrowserIT): the real
 * ingest-api on the test's Kafka broker, a short HLS and a short DASH stream made by FFmpeg, the page
 * ({@code src/test/browser/cmcd.html}) and the players' npm packages served from another origin than ingest-api's (so
 * the browser preflights the CMCD posts as in production), and one run of an unmodified player in headless Debian
 * Chromium with its CMCD v2 event mode pointed at {@code /v1/cmcd}: every report answered 200 with nothing refused,
 * then every accepted report read back from Kafka as the session's events and the platform's QoE calculator over them.
 *
 * <p>A JUnit extension registered after the test's {@link KafkaBrokerExtension} ({@code @Order}); its files go to
 * {@code target/cmcd-browser/<test class>}. Skipped when Chromium or node is missing, unless the environment has
 * {@code CI} set: .ci/run installs chromium, so there a missing browser is a failure.
 */
final class CmcdBrowser implements BeforeAllCallback, AfterAllCallback {

  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));
  /** Time for a player to load, buffer and play the 4 s stream to its end on 2 loaded cores. */
  static final Duration PLAY_TIMEOUT = Duration.ofSeconds(60);
  static final int STREAM_SECONDS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

  private final KafkaBrokerExtension kafka;
  private final TestTokens tokens = new TestTokens("dev-1");
  private final DropwizardAppExtension<IngestConfiguration> app;
  private Path jwks;
  private StaticServer server;
  private Path browserDir;
  private String skipReason;

  CmcdBrowser(KafkaBrokerExtension kafka) {
    this.kafka = kafka;
    this.app = new DropwizardAppExtension<>(IngestApplication.class,
        ResourceHelpers.resourceFilePath("test-config.yml"),
        ConfigOverride.config("kafka.bootstrapServers", kafka::bootstrapServers),
        ConfigOverride.config("playbackToken.jwksFile", () -> jwks.toString()),
        // the page's origin (the static server's free port) must be listed: ingest allows no origin by default
        ConfigOverride.config("cors.allowedOrigins", () -> server.base()));
  }

  /** Checks for Chromium and node, installs the npm packages, makes the streams, starts the page's server and ingest. */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path dir = Paths.get("target/cmcd-browser", context.getRequiredTestClass().getSimpleName());
    skipReason = missing(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
        + " (apt-get install chromium; it is in .ci/apt-packages)");
    if (skipReason == null) {
      skipReason = missing(NodeModules.nodeAvailable(), "node is not on the PATH (Node.js 20+ runs playwright-core)");
    }
    if (skipReason != null) {
      System.out.println("[cmcd-browser] SKIPPED: " + skipReason);
      return;
    }
    browserDir = NodeModules.prepare(Paths.get("src/test/browser"), Paths.get("target/browser-test"),
        List.of("package.json", "package-lock.json", "cmcd-play.js", "cmcd.html"));
    TestStream.make(dir.resolve("stream"), STREAM_SECONDS);
    TestStream.makeDash(dir.resolve("dash"), STREAM_SECONDS);
    server = StaticServer.start(browserDir, dir.resolve("stream"), dir.resolve("dash"));
    jwks = tokens.writeJwks(Files.createDirectories(dir.resolve("jwks")));
    app.before();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      app.after();
    }
  }

  /** Null when the browser test can run, else why it is skipped. */
  String skipReason() {
    return skipReason;
  }

  /** A player run: what cmcd-play.js saw, the session's events in sequence order, the QoE over them. */
  record Run(String sid, JsonNode result, List<PlaybackEvent> events, ViewSummary view) {}

  /**
   * Plays {@code src} (a path on the page's server: {@code /hls/master.m3u8}, {@code /dash/manifest.mpd}) with the
   * page's {@code player} ({@code hls}, {@code dash}, {@code shaka}; {@code extraQuery} adds page parameters) and a
   * grant for a new session of title {@code title-b}, with the player named {@code playerName} in the target URL as
   * docs/ingest.md shows. Checks that the player played to the end without an error and that ingest answered every
   * report 200 with nothing refused; returns once Kafka holds every report ingest accepted.
   */
  Run play(String player, String playerName, String playerVersion, String src, String extraQuery) throws Exception {
    String sid = UUID.randomUUID().toString();
    String token = tokens.sign(TestTokens.claims("prof-b", "acc-b", "title-b", sid, Instant.now(), Duration.ofHours(1)));
    String ingest = "http://127.0.0.1:" + app.getLocalPort() + "/v1/cmcd";
    String target = ingest + "?token=" + token + "&player=" + playerName + "&player_version=" + playerVersion;
    String page = server.base() + "/cmcd.html?player=" + player + "&src=" + enc(server.base() + src) + "&sid=" + sid
        + "&cid=title-b&target=" + enc(target) + extraQuery;
    ObjectNode plan = JSON.createObjectNode().put("page", page).put("chromium", CHROMIUM.toString())
        .put("playTimeoutMs", PLAY_TIMEOUT.toMillis()).put("ingestPrefix", ingest);
    Path planFile = Files.writeString(browserDir.resolve("cmcd-plan-" + player + ".json"), JSON.writeValueAsString(plan));

    JsonNode result = JSON.readTree(NodeModules.run(browserDir, "cmcd-play.js", planFile, PLAY_TIMEOUT.plusSeconds(90)));
    System.out.println("[cmcd-browser] " + playerName + ": ended=" + result.path("ended") + " currentTime="
        + result.path("currentTime") + " reports=" + result.path("reports").size() + " in " + result.path("ms")
        + " ms, errors " + result.path("errors"));
    assertThat(result.path("errors")).as("player errors; console: %s", result.path("console")).isEmpty();
    assertThat(result.path("ended").asBoolean()).as("played to the end; console: %s", result.path("console")).isTrue();
    JsonNode reports = result.path("reports");
    assertThat(reports).as("CMCD posts seen in the browser").isNotEmpty();
    long accepted = 0;
    for (JsonNode r : reports) {
      assertThat(r.path("status").asInt()).as("answer to %s", r).isEqualTo(200);
      assertThat(r.path("answer").asText()).as("answer to %s", r).contains("\"rejected\":[]");
      Matcher m = ACCEPTED.matcher(r.path("answer").asText());
      assertThat(m.find()).as("an accepted count in %s", r).isTrue();
      accepted += Long.parseLong(m.group(1));
    }

    // every accepted report is one event: wait for all of them (the reports arrive in any order)
    long expected = accepted;
    List<PlaybackEvent> events = TopicReader.readUntil(kafka.bootstrapServers(),
        read -> ofSession(read, sid).stream().map(PlaybackEvent::getSequence).distinct().count() >= expected,
        Duration.ofSeconds(60)).stream().filter(r -> r.key().equals(sid)).map(ConsumerRecord::value)
        .sorted(Comparator.comparingLong(PlaybackEvent::getSequence)).toList();
    events.forEach(e -> System.out.println("[cmcd-browser]   sn=" + e.getSequence() + " " + e.getEventType()
        + " ts=" + e.getClientTs().toEpochMilli() + " br=" + e.getBitrateKbps()));
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getTitleId()).isEqualTo("title-b");
      assertThat(e.getEventId()).isEqualTo(CmcdEventMapper.eventId(sid, e.getSequence()));
      assertThat(e.getPlayer().getName()).isEqualTo(playerName);
      assertThat(e.getPlayer().getVersion()).isEqualTo(playerVersion);
    });
    ViewSummary view = ViewQoeCalculator.summarizeView(events, ViewEndReason.TIMEOUT);
    System.out.println("[cmcd-browser] " + playerName + " view: startup " + view.getStartupTimeMs() + " ms, playing "
        + view.getPlayingTimeMs() + " ms, watch " + view.getWatchTimeMs() + " ms, rebuffers " + view.getRebufferCount()
        + ", avg bitrate " + view.getAvgBitrateKbps() + " kbps, end " + view.getEndReason() + ", events "
        + view.getEventCount() + ", missing " + view.getMissingSequences());
    return new Run(sid, result, events, view);
  }

  /**
   * The checks of a view that played the 4 s stream to its end: a startup time, ended with ENDED, no start or
   * playback failure, about 4 s playing (the player's clock between its playing and ended reports), the bitrate the
   * player reported, no sequence missing.
   */
  static void assertPlayedToItsEnd(ViewSummary view, double kbps) {
    assertThat(view.getStartupTimeMs()).as("startup time").isNotNull().isPositive().isLessThan(PLAY_TIMEOUT.toMillis());
    assertThat(view.getEndReason()).isEqualTo(ViewEndReason.ENDED);
    assertThat(view.getExitBeforeVideoStart()).isFalse();
    assertThat(view.getVideoStartFailure()).isFalse();
    assertThat(view.getVideoPlaybackFailure()).isFalse();
    assertThat(view.getPlayingTimeMs()).isBetween(STREAM_SECONDS * 1000L - 1500, STREAM_SECONDS * 1000L + 20_000);
    assertThat(view.getAvgBitrateKbps()).as("the bitrate the player reported").isEqualTo(kbps);
    assertThat(view.getMissingSequences()).isZero();
  }

  private static List<PlaybackEvent> ofSession(List<ConsumerRecord<String, PlaybackEvent>> read, String sid) {
    return read.stream().filter(r -> r.key().equals(sid)).map(ConsumerRecord::value).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String missing(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      fail(what + "; CI is set, so the CMCD browser test must run (.ci/run installs .ci/apt-packages)");
    }
    return present ? null : what + ": CMCD browser test skipped (set CI to make this a failure)";
  }
}
