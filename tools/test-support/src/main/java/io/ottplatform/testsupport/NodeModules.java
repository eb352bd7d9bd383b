package io.ottplatform.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A browser test's npm folder: its page, scripts and package files copied from {@code src/test/<folder>} to
 * {@code target/<folder>} and its pinned packages installed with {@code npm ci} when the lock changed. The
 * implementation is the launcher's {@link io.ottplatform.local.build.NodeModules}, which ./ott demo's headless viewer
 * uses too: one copy of the logic.
 */
public final class NodeModules {

  private NodeModules() {}

  /** Whether {@code node} runs here (Node.js runs playwright-core). */
  public static boolean nodeAvailable() {
    return io.ottplatform.local.build.NodeModules.nodeAvailable();
  }

  /**
   * Copies {@code files} (which must include package.json and package-lock.json) from {@code source} to
   * {@code target} and runs {@code npm ci} there unless the installed packages already match the lock.
   */
  public static Path prepare(Path source, Path target, List<String> files) throws IOException, InterruptedException {
    return io.ottplatform.local.build.NodeModules.prepare(source, target, files);
  }

  /**
   * Runs {@code node <script> <plan>} in {@code dir}: its stdout is the JSON result; it fails with the script's stderr
   * when the script fails or outlives {@code bound} (then it and its browser are killed).
   */
  public static String run(Path dir, String script, Path plan, java.time.Duration bound)
      throws IOException, InterruptedException {
    return io.ottplatform.local.build.NodeModules.run(dir, script, plan, bound);
  }
}
