package io.ottplatform.bench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's load generator: {@code wrk} (a C HTTP benchmark with Lua scripting) in its own
 * process, posting a pool of pre-built requests over keep-alive connections. A JVM client in the
 * service's process competed with it for the same two cores and measured mostly itself; wrk costs a
 * fraction of a core at these rates.
 */
final class WrkLoad {

  /** What one wrk run measured; {@code events} are those ingest-api answered as accepted. */
  record Result(long requests, long events, long non2xx, long socketErrors, double seconds, double p50Ms, double p99Ms) {}

  private static final String SCRIPT = "ingest-load.lua";
  private static final String INSTALL_HINT =
      "the ingest benchmark drives ingest-api with wrk from another process: install it (Debian/Ubuntu: "
          + "apt-get install wrk; macOS: brew install wrk)";

  private final Path script;
  private final int threads;

  private WrkLoad(Path script, int threads) {
    this.script = script;
    this.threads = threads;
  }

  /** Checks that wrk runs and writes its Lua script into {@code work}. */
  static WrkLoad prepare(Path work, int threads) throws IOException, InterruptedException {
    requireInstalled();
    Path script = work.resolve(SCRIPT);
    try (InputStream in = WrkLoad.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("the wrk script " + SCRIPT + " is missing from the classpath");
      }
      Files.copy(in, script);
    }
    return new WrkLoad(script, threads);
  }

  static void requireInstalled() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Writes the request pool for the Lua script: per request the token line, then the body line. The
   * bodies are the simulator's one-line JSON.
   */
  static Path writeRequests(Path file, List<IngestBenchmark.Request> requests) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (IngestBenchmark.Request r : requests) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      if (body.indexOf('\n') >= 0 || r.token().indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a request body or token spans lines; the wrk script reads one per line");
      }
      sb.append(r.token()).append('\n').append(body).append('\n');
    }
    Files.writeString(file, sb);
    return file;
  }

  /** Posts the pool to {@code target} for {@code seconds} with {@code connections} requests in flight. */
  Result run(URI target, Path requests, int seconds, int connections) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads),
        "-c", Integer.toString(Math.max(connections, threads)), "-d", seconds + "s", "--timeout", "30s",
        "-s", script.toString(), target.toString(), "--", requests.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("wrk did not finish within " + (seconds + 60) + " s: " + output);
    }
    String line = output.lines().filter(l -> l.startsWith("WRK ")).findFirst().orElseThrow(
        () -> new IllegalStateException("wrk exited with " + p.exitValue() + " and no summary line: " + output));
    Map<String, Long> v = new HashMap<>();
    for (String kv : line.substring(4).trim().split(" ")) {
      String[] parts = kv.split("=", 2);
      v.put(parts[0], Long.parseLong(parts[1]));
    }
    return new Result(v.get("requests"), v.get("events"), v.get("non2xx"), v.get("socket_errors"),
        v.get("duration_us") / 1e6, v.get("p50_us") / 1e3, v.get("p99_us") / 1e3);
  }
}
