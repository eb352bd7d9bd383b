package io.ottplatform.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Processes, ports and folders the benchmarks share: child JVMs on the benchmark's own classpath (a
 * service, a load generator) so that they share only the CPU with it, their health, their CPU time.
 */
public final class BenchProcesses {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private BenchProcesses() {}

  /** {@code java -Xmx<heap> -XX:+UseParallelGC -cp <this JVM's classpath> main args}, as a mutable list. */
  public static List<String> javaCommand(String heap, String main, String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a command to completion with its output in {@code dir/name.log}; fails with that log if it fails. */
  public static void run(List<String> command, Path dir, String name) throws IOException, InterruptedException {
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(name + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
    }
  }

  /** Starts a command with its output in {@code log}. */
  public static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits until {@code url} answers 200; fails when the process exits first or {@code timeout} passes. */
  public static void awaitHealthy(String url, Process process, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the process for " + url + " exited with " + process.exitValue());
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not answer 200 within " + timeout.toSeconds() + " s");
  }

  /** The CPU time a process has used so far (all its threads), in nanoseconds; 0 when the OS does not say. */
  public static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** A port free now on 127.0.0.1 (the OS's choice). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** A work folder for one run under {@code $OTT_HOME/bench/work} (never the system temp directory). */
  public static Path workDir(String benchmark) throws IOException {
    String home = System.getenv().getOrDefault("OTT_HOME", ".ott");
    Path parent = Files.createDirectories(Path.of(home.isBlank() ? ".ott" : home, "bench", "work"));
    return Files.createTempDirectory(parent, benchmark + "-");
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  public static void step(String what) {
    System.out.println("== " + what);
  }
}
