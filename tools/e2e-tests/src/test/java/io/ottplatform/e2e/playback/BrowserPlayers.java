package io.ottplatform.e2e.playback;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The browser side of {@link PlaybackThroughServingApiIT}: {@code src/test/playback-browser} copied to
 * {@code target/playback-browser}, its npm packages (playwright-core, hls.js, dashjs, shaka-player, pinned by its
 * package-lock.json) installed with {@code npm ci} when the lock changed since the last install, as media-pipeline's
 * MediaPlaybackBrowserIT does; then {@code playback.js} run with a plan. Never downloads a browser: playwright-core
 * has no install script and the plan names Debian's chromium.
 */
final class BrowserPlayers {

  private static final List<String> FILES = List.of("package.json", "package-lock.json", "playback.js", "play.html");

  private BrowserPlayers() {}

  static boolean nodeAvailable() {
    return io.ottplatform.testsupport.NodeModules.nodeAvailable();
  }

  static Path prepare(Path source, Path target) throws IOException, InterruptedException {
    return io.ottplatform.testsupport.NodeModules.prepare(source, target, FILES);
  }

  /** Runs playback.js with {@code planFile}; its stdout is the JSON result, stderr goes to a log shown on failure. */
  static String run(Path dir, Path planFile, Duration bound) throws IOException, InterruptedException {
    return io.ottplatform.testsupport.NodeModules.run(dir, "playback.js", planFile, bound);
  }

}
