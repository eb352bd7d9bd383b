package io.ottplatform.local.build;

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
 * A browser script's npm folder: its page, scripts and package files copied from a source folder (a test's
 * {@code src/test/<folder>}, the demo viewer's {@code tools/launcher/src/main/viewer}) to a working folder
 * ({@code target/<folder>}, {@code $OTT_HOME/viewer}), and its packages (playwright-core, the players), pinned by that
 * folder's package-lock.json, installed with {@code npm ci} only when the lock changed since the last install (a
 * marker in node_modules holds the lock's hash). Never downloads a browser: playwright-core has no install script and
 * every script launches Debian's chromium. One implementation for ./ott demo's viewer and every module's browser
 * tests (tools/test-support's NodeModules hands over to this one).
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

  /**
   * Runs {@code node <script> <plan>} in {@code dir} (next to the node_modules {@link #prepare} installed): its stdout
   * is the JSON result, its stderr goes to {@code <script>.stderr.log} there and into the exception when the script
   * fails or outlives {@code bound} (then it and its browser are killed). Chromium's throw-away profile per launch
   * goes under {@code dir/tmp}, not the system temp dir.
   */
  public static String run(Path dir, String script, Path plan, java.time.Duration bound)
      throws IOException, InterruptedException {
    Path stderr = dir.resolve(script.replace(".js", "") + ".stderr.log");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder("node", script, plan.toAbsolutePath().toString())
        .directory(dir.toFile()).redirectError(stderr.toFile());
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
    }, script + "-stdout");
    reader.start();
    if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(script + " did not finish within " + bound + "; stderr:\n" + Files.readString(stderr));
    }
    reader.join(10_000);
    String stdout = out[0] == null ? "" : new String(out[0], java.nio.charset.StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0 || stdout.isEmpty()) {
      throw new IllegalStateException(script + " exited with " + p.exitValue() + "; stdout: " + stdout + "\nstderr:\n"
          + Files.readString(stderr));
    }
    return stdout;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
