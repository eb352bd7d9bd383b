package io.ottplatform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the components' JVMs. A detached child gets its own session ({@code setsid}) so it
 * outlives {@code ./ott} and a Ctrl-C in the terminal; its pid is recorded with the marker that must
 * appear in its command line, so {@code ./ott down} never signals a recycled pid.
 */
public final class ChildProcess {

  private ChildProcess() {}

  /**
   * Starts a component. Detached ({@code ./ott up}), it outlives this JVM. Attached (tests), a JVM
   * child is also tied to this JVM's life: a shutdown hook cannot run when the test JVM is SIGKILLed
   * (a Failsafe timeout, a cancelled CI job), and a broker or Trino left behind holds gigabytes.
   */
  public static Process start(List<String> command, Path workDir, Path logFile, boolean detach) {
    return start(command, workDir, logFile, detach, Map.of());
  }

  /** As {@link #start(List, Path, Path, boolean)}, with {@code env} added to this process's environment. */
  public static Process start(List<String> command, Path workDir, Path logFile, boolean detach, Map<String, String> env) {
    List<String> full = new ArrayList<>();
    if (detach && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      full.add("/usr/bin/setsid");
    }
    full.addAll(command);
    if (!detach && command.get(0).endsWith("/java")) {
      String token = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
      full.add(full.indexOf(command.get(0)) + 1, "-Dott.reaper=" + token);
      startReaper(token);
    }
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder = new ProcessBuilder(full)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new PlatformException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A watchdog in its own session (so a Ctrl-C to this JVM's process group does not take it along)
   * that waits for this JVM to end, however it ends, then SIGKILLs the JVMs started with the token.
   * It matches {@code ott[.]reaper=<token>}, a pattern its own command line does not contain.
   */
  private static void startReaper(String token) {
    if (!Files.isExecutable(Path.of("/usr/bin/setsid")) || !Files.isExecutable(Path.of("/usr/bin/pkill"))) {
      return; // not Linux with procps: the shutdown hooks of the test extensions remain
    }
    try {
      new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c",
          "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; /usr/bin/pkill -9 -f \"ott[.]reaper=$1\"",
          Long.toString(ProcessHandle.current().pid()), token)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new PlatformException("cannot start the watchdog for a child process: " + e.getMessage(), e);
    }
  }

  /** Runs a command to completion; fails with the tail of its output if it exits non-zero. */
  public static void run(List<String> command, Path workDir, Path logFile, Duration timeout) {
    run(command, workDir, logFile, timeout, Map.of());
  }

  public static void run(List<String> command, Path workDir, Path logFile, Duration timeout, Map<String, String> env) {
    Process process = start(command, workDir, logFile, false, env);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new PlatformException(String.join(" ", command) + " did not finish within " + timeout);
      }
      if (process.exitValue() != 0) {
        throw new PlatformException(String.join(" ", command.subList(Math.max(0, command.size() - 4), command.size()))
            + " failed with exit code " + process.exitValue() + ":\n" + tail(logFile, 20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new PlatformException("interrupted while running " + command.get(0), e);
    }
  }

  /** Asks the process to stop (SIGTERM), then kills it (SIGKILL) after the grace period. */
  public static void stop(ProcessHandle process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception timeoutOrInterrupt) {
      process.destroyForcibly();
      try {
        process.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new PlatformException("process " + process.pid() + " did not exit after SIGKILL", e);
      }
    }
  }

  public static void kill(ProcessHandle process) {
    process.destroyForcibly();
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new PlatformException("process " + process.pid() + " did not exit after SIGKILL", e);
    }
  }

  public static void writePid(Path pidFile, ProcessHandle process) {
    try {
      Files.createDirectories(pidFile.getParent());
      Files.writeString(pidFile, Long.toString(process.pid()));
    } catch (IOException e) {
      throw new PlatformException("cannot write " + pidFile + ": " + e.getMessage(), e);
    }
  }

  /** The live process recorded in {@code pidFile} whose command line contains {@code marker}. */
  public static Optional<ProcessHandle> fromPidFile(Path pidFile, String marker) {
    if (!Files.isReadable(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static String tail(Path logFile, int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + logFile + ")";
    }
  }
}
