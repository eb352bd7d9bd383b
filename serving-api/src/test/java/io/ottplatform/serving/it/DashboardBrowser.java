package io.ottplatform.serving.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The browser side of DashboardBrowserIT: src/test/dashboard-browser copied to target/dashboard-browser, its
 * playwright-core (pinned by package-lock.json) installed with {@code npm ci} when the lock changed since the last
 * install, and dashboard-check.js run as a conversation: a JSON line out per step, a session id in. Never downloads
 * a browser: playwright-core has no install script and the plan names Debian's chromium. (test-support's NodeModules, as every browser test.)
 */
final class DashboardBrowser implements AutoCloseable {

  /** What NodeModules copies to target/dashboard-browser. */
  static final List<String> FILES = List.of("package.json", "package-lock.json", "dashboard-check.js");

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

}
