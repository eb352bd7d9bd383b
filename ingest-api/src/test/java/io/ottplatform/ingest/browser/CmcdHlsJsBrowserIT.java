package io.ottplatform.ingest.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import io.ottplatform.testsupport.NodeModules;

/**
 * Issue #13's acceptance test for CMCD: unmodified hls.js 1.7.4 (npm) with its CMCD v2 event mode pointed at the
 * real ingest-api plays a short HLS stream made by FFmpeg in headless Debian Chromium; its reports land in a real
 * Kafka broker as the session's events, and the platform's QoE calculator over them gives a view with a startup
 * time. The page comes from another origin than ingest-api, so the browser preflights the CMCD posts.
 *
 * <p>Skipped when Chromium or node is missing, unless the environment has {@code CI} set: .ci/run installs
 * chromium, so there a missing browser is a failure.
 */
@Timeout(300)
class CmcdHlsJsBrowserIT {

  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));
  /** Time for hls.js to load, buffer and play the 4 s stream to its end on 2 loaded cores. */
  static final Duration PLAY_TIMEOUT = Duration.ofSeconds(60);
  static final int STREAM_SECONDS = 4;

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final TestTokens TOKENS = new TestTokens("dev-1");
  static final ObjectMapper JSON = new ObjectMapper();
  static Path jwks;
  static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(IngestApplication.class,
      ResourceHelpers.resourceFilePath("test-config.yml"),
      ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.bootstrapServers()),
      ConfigOverride.config("playbackToken.jwksFile", () -> jwks.toString()),
      // the page's origin (the static server's free port) must be listed: ingest allows no origin by default
      ConfigOverride.config("cors.allowedOrigins", () -> CmcdHlsJsBrowserIT.server.base()));

  @TempDir static Path dir;
  static StaticServer server;
  static Path browserDir;
  static String skipReason;

  @BeforeAll
  static void start() throws Exception {
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
    server = StaticServer.start(browserDir, dir.resolve("stream"));
    jwks = TOKENS.writeJwks(Files.createDirectories(dir.resolve("jwks")));
    APP.before();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      APP.after();
    }
  }

  private static String missing(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      fail(what + "; CI is set, so the CMCD browser test must run (.ci/run installs .ci/apt-packages)");
    }
    return present ? null : what + ": CMCD browser test skipped (set CI to make this a failure)";
  }

  @Test
  void unmodifiedHlsJsWithCmcdEventModeProducesAViewWithQoe() throws Exception {
    assumeTrue(skipReason == null, skipReason);
    String sid = UUID.randomUUID().toString();
    String token = TOKENS.sign(TestTokens.claims("prof-b", "acc-b", "title-b", sid, Instant.now(), Duration.ofHours(1)));
    String ingest = "http://127.0.0.1:" + APP.getLocalPort() + "/v1/cmcd";
    String target = ingest + "?token=" + token + "&player=hls.js&player_version=1.7.4";
    String page = server.base() + "/cmcd.html?src=" + enc(server.base() + "/hls/master.m3u8") + "&sid=" + sid
        + "&cid=title-b&target=" + enc(target);
    ObjectNode plan = JSON.createObjectNode().put("page", page).put("chromium", CHROMIUM.toString())
        .put("playTimeoutMs", PLAY_TIMEOUT.toMillis()).put("ingestPrefix", ingest);
    Path planFile = Files.writeString(browserDir.resolve("cmcd-plan.json"), JSON.writeValueAsString(plan));

    JsonNode result = JSON.readTree(runNode(planFile, PLAY_TIMEOUT.plusSeconds(90)));
    System.out.println("[cmcd-browser] ended=" + result.path("ended") + " currentTime=" + result.path("currentTime")
        + " reports=" + result.path("reports").size() + " in " + result.path("ms") + " ms, errors "
        + result.path("errors"));
    assertThat(result.path("errors")).as("player errors; console: %s", result.path("console")).isEmpty();
    assertThat(result.path("ended").asBoolean()).as("played to the end; console: %s", result.path("console")).isTrue();
    JsonNode reports = result.path("reports");
    assertThat(reports).as("CMCD posts seen in the browser").isNotEmpty();
    for (JsonNode r : reports) {
      assertThat(r.path("status").asInt()).as("answer to %s", r).isEqualTo(200);
      assertThat(r.path("answer").asText()).as("answer to %s", r).contains("\"rejected\":[]");
    }

    // the ENDED report is the last one that matters; everything up to it must be there
    List<PlaybackEvent> events = TopicReader.readUntil(KAFKA.bootstrapServers(), read -> {
      List<PlaybackEvent> ours = ofSession(read, sid);
      return ours.stream().anyMatch(e -> e.getEventType() == EventType.ENDED)
          && complete(ours);
    }, Duration.ofSeconds(60)).stream().filter(r -> r.key().equals(sid)).map(ConsumerRecord::value).toList();
    events.forEach(e -> System.out.println("[cmcd-browser]   sn=" + e.getSequence() + " " + e.getEventType()
        + " ts=" + e.getClientTs().toEpochMilli() + " br=" + e.getBitrateKbps()));

    assertThat(events).allSatisfy(e -> {
      assertThat(e.getTitleId()).isEqualTo("title-b");
      assertThat(e.getEventId()).isEqualTo(CmcdEventMapper.eventId(sid, e.getSequence()));
      assertThat(e.getPlayer().getName()).isEqualTo("hls.js");
    });
    ViewSummary view = ViewQoeCalculator.summarizeView(events, ViewEndReason.TIMEOUT);
    System.out.println("[cmcd-browser] view: startup " + view.getStartupTimeMs() + " ms, playing "
        + view.getPlayingTimeMs() + " ms, watch " + view.getWatchTimeMs() + " ms, rebuffers " + view.getRebufferCount()
        + ", avg bitrate " + view.getAvgBitrateKbps() + " kbps, end " + view.getEndReason() + ", events "
        + view.getEventCount() + ", missing " + view.getMissingSequences());
    assertThat(view.getStartupTimeMs()).as("startup time").isNotNull().isPositive().isLessThan(PLAY_TIMEOUT.toMillis());
    assertThat(view.getEndReason()).isEqualTo(ViewEndReason.ENDED);
    assertThat(view.getExitBeforeVideoStart()).isFalse();
    assertThat(view.getVideoStartFailure()).isFalse();
    assertThat(view.getVideoPlaybackFailure()).isFalse();
    // the stream is 4 s long; playing time is the player's clock between its playing and ended reports
    assertThat(view.getPlayingTimeMs()).isBetween(STREAM_SECONDS * 1000L - 1500, STREAM_SECONDS * 1000L + 20_000);
    assertThat(view.getAvgBitrateKbps()).as("the bitrate hls.js reported: the master playlist's BANDWIDTH")
        .isEqualTo(TestStream.BANDWIDTH / 1000.0);
    assertThat(view.getMissingSequences()).isZero();
  }

  private static List<PlaybackEvent> ofSession(List<ConsumerRecord<String, PlaybackEvent>> read, String sid) {
    return read.stream().filter(r -> r.key().equals(sid)).map(ConsumerRecord::value).toList();
  }

  /** Every sequence number from 0 to the ENDED report's is there (the reports arrive in any order). */
  private static boolean complete(List<PlaybackEvent> events) {
    long ended = events.stream().filter(e -> e.getEventType() == EventType.ENDED)
        .mapToLong(PlaybackEvent::getSequence).min().orElse(-1);
    return ended >= 0 && events.stream().map(PlaybackEvent::getSequence).filter(s -> s <= ended).distinct().count()
        == ended + 1;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Runs cmcd-play.js; its stdout is the JSON result, stderr goes to a log file shown on failure. */
  private static String runNode(Path planFile, Duration bound) throws IOException, InterruptedException {
    Path stderr = browserDir.resolve("cmcd-play.stderr.log");
    Path tmp = Files.createDirectories(browserDir.resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder("node", "cmcd-play.js", planFile.getFileName().toString())
        .directory(browserDir.toFile())
        .redirectError(stderr.toFile());
    // Chromium's fresh user-data dir (playwright makes one per launch) under target/, not the system temp dir
    pb.environment().put("TMPDIR", tmp.toAbsolutePath().toString());
    Process p = pb.start();
    p.getOutputStream().close();
    byte[][] out = new byte[1][];
    Thread reader = new Thread(() -> {
      try {
        out[0] = p.getInputStream().readAllBytes();
      } catch (IOException e) {
        out[0] = new byte[0];
      }
    }, "cmcd-play-stdout");
    reader.start();
    if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("cmcd-play.js did not finish within " + bound + "; stderr:\n" + Files.readString(stderr));
    }
    reader.join(10_000);
    String stdout = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0 || stdout.isEmpty()) {
      fail("cmcd-play.js exited with " + p.exitValue() + "; stdout: " + stdout + "\nstderr:\n" + Files.readString(stderr));
    }
    return stdout;
  }
}
