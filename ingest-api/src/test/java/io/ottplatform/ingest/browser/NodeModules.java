package io.ottplatform.ingest.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser test's npm packages (playwright-core, hls.js), pinned by src/test/browser/package-lock.json and
 * installed with {@code npm ci} into target/browser-test when that lock changed since the last install (a marker
 * holds its hash); the way media-pipeline's MediaPlaybackBrowserIT does it (a deployable's tests cannot share
 * another's test classes). Never downloads a browser: playwright-core has no install script and the test
 * launches Debian's chromium.
 */
final class NodeModules {

  private static final List<String> FILES = List.of("package.json", "package-lock.json", "cmcd-play.js", "cmcd.html");
  private static final String MARKER = "node_modules/.ott-lock-sha256";

  private NodeModules() {}

  static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Copies the page, script and package files to {@code target} and runs npm ci there if needed. */
  static Path prepare(Path source, Path target) throws IOException, InterruptedException {
    Files.createDirectories(target);
    for (String f : FILES) {
      Files.copy(source.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String lockHash = sha256(Files.readAllBytes(target.resolve("package-lock.json")));
    Path marker = target.resolve(MARKER);
    if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(lockHash)) {
      return target;
    }
    Path log = target.resolve("npm-ci.log");
    ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
        .directory(target.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("npm ci in " + target + " did not finish within 5 minutes; log:\n"
          + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("npm ci in " + target + " exited with " + p.exitValue() + ":\n"
          + Files.readString(log));
    }
    Files.writeString(marker, lockHash);
    return target;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
