package io.ottplatform.e2e.sdk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The browser side of PlayerSdkBrowserIT: {@code src/test/sdk-browser} copied to {@code target/sdk-browser}, its npm
 * packages (playwright-core, hls.js, pinned by its package-lock.json) installed with {@code npm ci} when the lock
 * changed since the last install, and {@code sdk-play.js} run with a plan. Never downloads a browser:
 * playwright-core has no install script and the plan names Debian's chromium.
 */
public final class SdkBrowser {

  private static final List<String> FILES = List.of("package.json", "package-lock.json", "sdk-page.html", "sdk-play.js");

  private SdkBrowser() {}

  public static boolean nodeAvailable() {
    return io.ottplatform.testsupport.NodeModules.nodeAvailable();
  }

  public static Path prepare(Path source, Path target) throws IOException, InterruptedException {
    return io.ottplatform.testsupport.NodeModules.prepare(source, target, FILES);
  }

  /** Runs sdk-play.js with the plan; its stdout is the JSON result, its stderr a log file shown on failure. */
  public static String run(Path dir, Path plan, Duration bound) throws IOException, InterruptedException {
    return run(dir, "sdk-play.js", plan, bound);
  }

  /**
   * Runs another playwright script that lies in {@code dir} (next to the node_modules {@link #prepare} installed)
   * the same way: its stdout is the JSON result, its stderr a log file shown on failure.
   */
  public static String run(Path dir, String script, Path plan, Duration bound) throws IOException, InterruptedException {
    return io.ottplatform.testsupport.NodeModules.run(dir, script, plan, bound);
  }

}
