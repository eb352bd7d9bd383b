package io.ottplatform.serving.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The browser side of DashboardBrowserIT: src/test/dashboard-browser copied to target/dashboard-browser, its
 * playwright-core (pinned by package-lock.json) installed with {@code npm ci} when the lock changed since the last
 * install, and dashboard-check.js run as a conversation: a JSON line out per step, a session id in. Never downloads
 * a browser: playwright-core has no install script and the plan names Debian's chromium. (The way ingest-api's
 * and tools/e2e-tests' browser tests do it; a deployable's tests cannot share another's test classes.)
 */
final class DashboardBrowser implements AutoCloseable {

  private static final List<String> FILES = List.of("package.json", "package-lock.json", "dashboard-check.js");
  private static final String MARKER = "node_modules/.ott-lock-sha256";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  private final Writer in;

  private DashboardBrowser(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          out.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "dashboard-check-stdout");
    reader.setDaemon(true);
    reader.start();
  }

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
        .directory(target.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("npm ci in " + target + " did not finish within 5 minutes:\n"
          + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("npm ci in " + target + " exited with " + p.exitValue() + ":\n"
          + Files.readString(log));
    }
    Files.writeString(marker, lockHash);
    return target;
  }

  static DashboardBrowser start(Path dir, Path plan) throws IOException {
    Path stderr = dir.resolve("dashboard-check.stderr.log");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder("node", "dashboard-check.js", plan.toAbsolutePath().toString())
        .directory(dir.toFile()).redirectError(stderr.toFile());
    // playwright's fresh Chromium profile per launch goes under target/, not the system temp dir
    pb.environment().put("TMPDIR", tmp.toAbsolutePath().toString());
    return new DashboardBrowser(pb.start(), stderr);
  }

  /** The script's next line, or a failure naming its stderr when none comes within {@code bound}. */
  String next(Duration bound) throws IOException, InterruptedException {
    String line = out.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("dashboard-check.js said nothing within " + bound + " (alive: " + process.isAlive()
          + "); stderr:\n" + Files.readString(stderr));
    }
    return line;
  }

  void send(String line) throws IOException {
    in.write(line + "\n");
    in.flush();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
