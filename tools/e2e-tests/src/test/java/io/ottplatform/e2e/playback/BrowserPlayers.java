package io.ottplatform.e2e.playback;

import static org.junit.jupiter.api.Assertions.fail;

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
    Path stderr = dir.resolve("playback.stderr.log");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder("node", "playback.js", planFile.getFileName().toString())
        .directory(dir.toFile())
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
      fail("playback.js exited with " + p.exitValue() + "; stdout: " + stdout + "\nstderr:\n" + Files.readString(stderr));
    }
    return stdout;
  }

}
