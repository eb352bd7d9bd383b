package io.ottplatform.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.build.NodeModules;
import io.ottplatform.local.seed.ServingClient;
import io.ottplatform.local.service.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The demo's real browser viewer (issue #13): Debian's headless chromium, driven by playwright-core
 * ({@code tools/launcher/src/main/viewer/watch-viewer.js}, its npm folder installed under {@code $OTT_HOME/viewer} by
 * {@link NodeModules}), signs in on serving-api's watch page as a demo viewer, presses {@value #TITLE} (encoded by
 * step 3b) and plays it to its end (the clip is 24 s) with hls.js and the player SDK, whose events go through
 * ingest-api to the QoE job. Then the view is read back from the dashboard's {@code GET /v1/dashboard/views}, as the
 * dashboard shows it. Without chromium or node on the machine the step says so and the demo goes on.
 */
final class DemoViewer {

  static final String TITLE = "Nebula Drift";
  /** Longer than the clip: the title ends before, and the view is a whole one (ENDED). */
  static final int PLAY_SECONDS = 30;
  /** The viewer's one device of the account, reused by every demo run (a fresh browser profile would add one each). */
  static final String DEVICE_ID = "demo-headless-chromium";
  static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
  static final List<String> FILES = List.of("package.json", "package-lock.json", "watch-viewer.js");
  private static final Duration SCRIPT_BOUND = Duration.ofMinutes(3);

  private final Path root;
  private final Path home;
  private final ServingClient api;
  private final PrintStream out;

  DemoViewer(Path root, Path home, ServingClient api, PrintStream out) {
    this.root = root;
    this.home = home;
    this.api = api;
    this.out = out;
  }

  /** {@code OTT_CHROMIUM}, else Debian's {@code /usr/bin/chromium}. */
  static Path chromium(Map<String, String> env) {
    String set = env.getOrDefault("OTT_CHROMIUM", "");
    return set.isBlank() ? DEFAULT_CHROMIUM : Path.of(set);
  }

  /** Why the viewer cannot run here, or empty when it can. */
  static Optional<String> missing(Path chromium, Predicate<Path> executable, BooleanSupplier node) {
    if (!executable.test(chromium)) {
      return Optional.of("no chromium at " + chromium + " (apt-get install chromium, or set OTT_CHROMIUM to its path)");
    }
    if (!node.getAsBoolean()) {
      return Optional.of("node is not on the PATH (Node.js 20+ runs playwright-core)");
    }
    return Optional.empty();
  }

  /** What watch-viewer.js is asked to do. */
  static ObjectNode plan(Path chromium, URI watchPage, String email, String password) {
    return ServingClient.json().createObjectNode().put("chromium", chromium.toString())
        .put("watchUrl", watchPage.toString()).put("email", email).put("password", password)
        .put("deviceId", DEVICE_ID).put("profile", "Main").put("title", TITLE)
        .put("playSeconds", PLAY_SECONDS).put("timeoutMs", Duration.ofSeconds(60).toMillis());
  }

  /** Plays {@value #TITLE} on the watch page as {@code email}; empty when the machine has no browser for it. */
  Optional<JsonNode> watch(Path chromium, URI watchPage, String email, String password) {
    Optional<String> missing = missing(chromium, Files::isExecutable, NodeModules::nodeAvailable);
    if (missing.isPresent()) {
      out.println("(no browser viewer: " + missing.get() + "; the demo goes on)");
      return Optional.empty();
    }
    try {
      Path dir = NodeModules.prepare(root.resolve("tools/launcher/src/main/viewer"), home.resolve("viewer"), FILES);
      // the plan holds the viewer's password: only its owner may read it, and only while the script runs
      Path planFile = dir.resolve("plan.json");
      Secrets.writePrivate(planFile, plan(chromium, watchPage, email, password).toString());
      try {
        return Optional.of(ServingClient.json().readTree(NodeModules.run(dir, "watch-viewer.js", planFile, SCRIPT_BOUND)));
      } finally {
        Files.deleteIfExists(planFile);
      }
    } catch (IOException | IllegalStateException e) {
      throw new PlatformException("the demo's browser viewer (log: " + home.resolve("viewer/watch-viewer.stderr.log")
          + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted while the browser viewer played", e);
    }
  }

  /**
   * The view as the dashboard lists it: {@code GET /v1/dashboard/views} (newest first) polled until the view's
   * session is there, at most {@code bound} (the QoE job writes it a few seconds after the view's last event).
   */
  Optional<JsonNode> onDashboard(String adminToken, String sessionId, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    do {
      JsonNode page = api.get("/v1/dashboard/views?limit=50", adminToken, null);
      for (JsonNode view : page.path("views")) {
        if (view.path("sessionId").asText().equals(sessionId)) {
          return Optional.of(view);
        }
      }
      Thread.sleep(1000);
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }

  /** One line of the dashboard's view, in the units the dashboard shows. */
  static String describe(JsonNode view) {
    return String.format(Locale.ROOT, "session %s: player %s, CDN %s, startup %s, %d rebuffer(s) (%.1f s, rebuffering "
            + "%.2f %%), played %.1f s of %.1f s watched, failure: %s",
        view.path("sessionId").asText(), view.path("playerName").asText("?"), view.path("cdn").asText("?"),
        view.hasNonNull("startupTimeMs") ? view.path("startupTimeMs").asLong() + " ms" : "none",
        view.path("rebufferCount").asInt(), view.path("rebufferDurationMs").asLong() / 1000.0,
        100 * view.path("rebufferingRatio").asDouble(), view.path("playingTimeMs").asLong() / 1000.0,
        view.path("watchTimeMs").asLong() / 1000.0, failure(view));
  }

  private static String failure(JsonNode view) {
    if (view.path("videoStartFailure").asBoolean()) {
      return "video start failure " + view.path("errorCode").asText("");
    }
    if (view.path("videoPlaybackFailure").asBoolean()) {
      return "playback failure " + view.path("errorCode").asText("");
    }
    return view.path("exitBeforeVideoStart").asBoolean() ? "exit before video start" : "none";
  }
}
