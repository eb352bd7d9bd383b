package io.ottplatform.e2e.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    Path stderr = dir.resolve(script.replace(".js", "") + ".stderr.log");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder("node", script, plan.toAbsolutePath().toString())
        .directory(dir.toFile()).redirectError(stderr.toFile());
    // playwright's fresh Chromium profile per launch goes under target/, not the system temp dir
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
    }, "sdk-play-stdout");
    reader.start();
    if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(script + " did not finish within " + bound + "; stderr:\n" + Files.readString(stderr));
    }
    reader.join(10_000);
    String stdout = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0 || stdout.isEmpty()) {
      throw new IllegalStateException(script + " exited with " + p.exitValue() + "; stdout: " + stdout + "\nstderr:\n"
          + Files.readString(stderr));
    }
    return stdout;
  }

}
