package io.ottplatform.media.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottplatform.media.EncodeRequest;
import io.ottplatform.media.EncodeResult;
import io.ottplatform.media.JobListener;
import io.ottplatform.media.MediaPipeline;
import io.ottplatform.media.PipelineOptions;
import io.ottplatform.media.TestSources;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.media.keys.FileKeyStore;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.origin.LocalOrigin;
import io.ottplatform.media.packaging.ThumbnailSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.ottplatform.testsupport.NodeModules;

/**
 * Real players in headless Chromium play what the pipeline publishes: clear HLS and AES-128 HLS with hls.js, clear
 * DASH and Clear Key (CENC) DASH with dash.js; a wrong HLS key, a wrong Clear Key and no Clear Key make playback
 * fail. Debian's {@code /usr/bin/chromium} (H.264/AAC) driven by npm {@code playwright-core} through
 * {@code src/test/browser/playback.js}, one browser for every case; the files and keys come from a JDK HttpServer
 * on 127.0.0.1 ({@link PlaybackServer}) whose address is the pipeline's HLS key-URI template.
 *
 * <p>Skipped when Chromium or node is missing, unless the environment has {@code CI} set: .ci/run installs
 * chromium, so there a missing browser is a failure.
 */
class MediaPlaybackBrowserIT {

  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));
  /** Per playing case: time for hls.js/dash.js to load, buffer and play 3 s on 2 loaded cores. */
  static final Duration PLAY_TIMEOUT = Duration.ofSeconds(30);
  /** Per failing case: how long a player gets to prove it cannot play. */
  static final Duration FAIL_WINDOW = Duration.ofSeconds(15);

  @TempDir static Path dir;
  static PlaybackServer server;
  static Path browserDir;
  static FileKeyStore keys;
  static EncodeResult clear;
  static EncodeResult encrypted;
  /** Why the test is skipped (no Chromium or node outside CI), or null. */
  static String skipReason;

  @BeforeAll
  static void encodeAndServe() throws Exception {
    skipReason = missing(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
        + " (apt-get install chromium; it is in .ci/apt-packages)");
    if (skipReason == null) {
      skipReason = missing(NodeModules.nodeAvailable(), "node is not on the PATH (Node.js 18+ runs playwright-core)");
    }
    if (skipReason != null) {
      System.out.println("[browser] SKIPPED: " + skipReason);
      return;
    }
    browserDir = NodeModules.prepare(Paths.get("src/test/browser"), Paths.get("target/browser-test"),
        List.of("package.json", "package-lock.json", "playback.js", "play.html"));

    SecureRandom random = new SecureRandom();
    keys = new FileKeyStore(dir.resolve("keys"), MasterKey.fromConfig("", dir.resolve("master.key"), random), random);
    LocalOrigin origin = new LocalOrigin(dir.resolve("origin"));
    server = PlaybackServer.start(browserDir, dir.resolve("origin"), keys);

    // 848x480 is the smallest source that gets two rungs (480p and 360p); 7 s at 15 fps keeps the encode short
    Path source = TestSources.make(dir, "source.mp4", "testsrc2", 848, 480, 15, 7, true);
    PipelineOptions options = new PipelineOptions(server.base() + "/keys/{titleId}/hls", dir.resolve("work"), false,
        Optional.of("ultrafast"), Optional.of(ThumbnailSpec.DEFAULT), true);
    MediaPipeline pipeline = new MediaPipeline(origin, keys, options);
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      clear = pipeline.run(new EncodeRequest("job-clear", "play-clear", source, "", false, List.of()), engine,
          JobListener.NONE);
    }
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      encrypted = pipeline.run(new EncodeRequest("job-enc", "play-enc", source, "", true, List.of()), engine,
          JobListener.NONE);
    }
    assertThat(clear.rungs()).hasSize(2);
    assertThat(encrypted.rungs()).hasSize(2);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Null when present; outside CI the reason to skip; under CI (where .ci/run installs it) a failure. */
  private static String missing(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      fail(what + "; CI is set, so the browser playback test must run (.ci/run installs .ci/apt-packages)");
    }
    return present ? null : what + ": browser playback test skipped (set CI to make this a failure)";
  }

  @Test
  void realPlayersPlayClearAndEncryptedStreamsAndFailWithTheWrongKey() throws Exception {
    assumeTrue(skipReason == null, skipReason);
    ContentKeys k = keys.find("play-enc").orElseThrow();
    byte[] wrong = k.cencKey().clone();
    for (int i = 0; i < wrong.length; i++) {
      wrong[i] ^= (byte) 0x5a;
    }
    String wrongHex = HexFormat.of().formatHex(wrong);
    String clearSrc = "/origin/play-clear/";
    String encSrc = "/origin/play-enc/";

    ObjectMapper json = new ObjectMapper();
    ObjectNode plan = json.createObjectNode()
        .put("base", server.base())
        .put("chromium", CHROMIUM.toString())
        .put("playTimeoutMs", PLAY_TIMEOUT.toMillis())
        .put("failWindowMs", FAIL_WINDOW.toMillis());
    ArrayNode cases = plan.putArray("cases");
    addCase(cases, "clear HLS (hls.js)", "kind=hls&src=" + clearSrc + "master.m3u8", "play", null);
    addCase(cases, "clear DASH (dash.js)", "kind=dash&src=" + clearSrc + "manifest.mpd", "play", null);
    addCase(cases, "AES-128 HLS (hls.js)", "kind=hls&src=" + encSrc + "master.m3u8", "play", "right");
    addCase(cases, "Clear Key DASH (dash.js)", "kind=dash&src=" + encSrc + "manifest.mpd&kid=" + k.kidHex()
        + "&key=" + k.cencKeyHex(), "play", null);
    addCase(cases, "AES-128 HLS, key server answers other bytes", "kind=hls&src=" + encSrc + "master.m3u8", "fail",
        "wrong");
    addCase(cases, "Clear Key DASH, wrong key", "kind=dash&src=" + encSrc + "manifest.mpd&kid=" + k.kidHex()
        + "&key=" + wrongHex, "fail", null);
    addCase(cases, "Clear Key DASH, no key", "kind=dash&src=" + encSrc + "manifest.mpd", "fail", null);
    Path planFile = Files.writeString(browserDir.resolve("plan.json"), json.writeValueAsString(plan));

    Duration bound = PLAY_TIMEOUT.plus(FAIL_WINDOW).multipliedBy(cases.size()).plusSeconds(90);
    JsonNode results = json.readTree(runNode(planFile, bound));

    List<String> problems = new ArrayList<>();
    for (JsonNode r : results) {
      boolean shouldPlay = r.path("expect").asText().equals("play");
      boolean played = r.path("played").asBoolean();
      String line = String.format("%-45s %-6s currentTime=%.2f in %d ms %s", r.path("name").asText(),
          played ? "played" : "failed", r.path("currentTime").asDouble(), r.path("ms").asLong(),
          abbreviate(r.path("errors").toString(), 300));
      System.out.println("[browser] " + line);
      if (played != shouldPlay) {
        problems.add(line + (shouldPlay ? " (should play)" : " (should FAIL)") + "\n    browser console:\n      "
            + String.join("\n      ", json.convertValue(r.path("console"), String[].class)));
      }
    }
    assertThat(results).as("one result per case").hasSize(cases.size());
    assertThat(problems).as("playback results").isEmpty();
    // the wrong-key HLS case failed because of the key: the player did fetch the (wrong) key
    assertThat(server.keyRequests("wrong")).as("wrong HLS key fetched by hls.js").isPositive();
    assertThat(server.keyRequests("right")).as("right HLS key fetched by hls.js").isPositive();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static void addCase(ArrayNode cases, String name, String query, String expect, String keyMode) {
    ObjectNode c = cases.addObject().put("name", name).put("query", query).put("expect", expect);
    if (keyMode != null) {
      c.put("keyMode", keyMode);
    }
  }

  /** Runs playback.js; its stdout is the JSON result, stderr goes to a log file shown on failure. */
  private static String runNode(Path planFile, Duration bound) throws IOException, InterruptedException {
    Path stderr = browserDir.resolve("playback.stderr.log");
    Path tmp = Files.createDirectories(browserDir.resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder("node", "playback.js", planFile.getFileName().toString())
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
    }, "playback-stdout");
    reader.start();
    if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("playback.js did not finish within " + bound + "; stderr:\n" + Files.readString(stderr));
    }
    reader.join(10_000);
    String stdout = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0 || stdout.isEmpty()) {
      fail("playback.js exited with " + p.exitValue() + "; stdout: " + stdout + "\nstderr:\n"
          + Files.readString(stderr));
    }
    return stdout;
  }
}
