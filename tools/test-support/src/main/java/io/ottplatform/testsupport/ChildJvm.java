package io.ottplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class run as its own OS process on the test classpath, the way an operator runs it: so a test can
 * {@code kill -9} it ({@link #kill()}) and start it again with the same command. Output goes to a log file.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code main} with {@code args} in a JVM of {@code heap} (e.g. {@code 256m}); the child sees no
   * {@code OTT_*} variable of the test's environment, only those in {@code env}.
   */
  public static ChildJvm start(Class<?> main, String heap, List<String> args, Map<String, String> env, Path log) {
    return start(main.getName(), System.getProperty("java.class.path"), heap, args, env, log);
  }

  /**
   * Starts {@code mainClass} on another module's {@code classpath}: a deployable this test's module must not
   * depend on (its engine's libraries would clash with this module's), run as the operator runs it.
   */
  public static ChildJvm start(String mainClass, String classpath, String heap, List<String> args,
      Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-cp", classpath, mainClass));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("OTT_")); // only what the test gives
    pb.environment().putAll(env);
    try {
      return new ChildJvm(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -9}: no shutdown hook, no signal handler, nothing flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** {@code kill -TERM}, then the exit code (or -1 when it did not exit in time). */
  public int terminate(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
