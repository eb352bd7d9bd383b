package io.ottplatform.testsupport;

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
 * A browser test's npm folder: its page, scripts and package files copied from {@code src/test/<folder>} to
 * {@code target/<folder>}, and its packages (playwright-core, the players), pinned by that folder's
 * package-lock.json, installed with {@code npm ci} only when the lock changed since the last install (a marker in
 * node_modules holds the lock's hash). Never downloads a browser: playwright-core has no install script and every
 * test launches Debian's chromium. One implementation for every module's browser tests.
 */
public final class NodeModules {

  private static final String MARKER = "node_modules/.ott-lock-sha256";

  private NodeModules() {}

  /** Whether {@code node} runs here (Node.js runs playwright-core). */
  public static boolean nodeAvailable() {
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

  /**
   * Copies {@code files} (which must include package.json and package-lock.json) from {@code source} to
   * {@code target} and runs {@code npm ci} there unless the installed packages already match the lock.
   */
  public static Path prepare(Path source, Path target, List<String> files) throws IOException, InterruptedException {
    if (!files.contains("package.json") || !files.contains("package-lock.json")) {
      throw new IllegalArgumentException("the files of " + source + " must include package.json and package-lock.json: "
          + files);
    }
    Files.createDirectories(target);
    for (String f : files) {
      Files.copy(source.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String lockHash = sha256(Files.readAllBytes(target.resolve("package-lock.json")));
    Path marker = target.resolve(MARKER);
    if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(lockHash)) {
      return target;
    }
    Path log = target.resolve("npm-ci.log");
    ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
        .directory(target.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
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
