package io.ottplatform.media.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one way this module runs FFmpeg (after Opencast's {@code EncoderEngine}): an argument list, never a shell
 * string; the exit code checked; the tail of stderr kept for the error; the outputs of a failed or cancelled run
 * removed, so nothing half-written is ever mistaken for a result; {@code -progress pipe:1} parsed into
 * {@link Progress}. {@link #cancel()} (or {@link #close()}) kills every process the engine started.
 */
public final class FfmpegEngine implements AutoCloseable {

  private static final int STDERR_LINES = 200; // x264 alone prints ~10 summary lines per rung

  private final FfmpegBinaries binaries;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  public FfmpegEngine(FfmpegBinaries binaries) {
    this.binaries = binaries;
  }

  public FfmpegBinaries binaries() {
    return binaries;
  }

  /**
   * Runs ffmpeg with {@code args} (after the engine's own leading options). {@code outputs} (files or folders) are
   * deleted when the run fails or is cancelled. {@code durationSeconds} turns FFmpeg's output time into a percent.
   */
  public void run(String what, List<String> args, double durationSeconds, Consumer<Progress> progress,
      List<Path> outputs) {
    List<String> command = new ArrayList<>(List.of(binaries.ffmpeg().toString(),
        "-hide_banner", "-nostdin", "-y", "-loglevel", "warning", "-nostats", "-progress", "pipe:1"));
    command.addAll(args);
    ProgressParser parser = new ProgressParser(durationSeconds, progress);
    try {
      Result result = execute(command, line -> parser.line(line));
      if (result.exitCode() != 0) {
        throw cancelled ? new EncodeCancelledException(what) : new FfmpegException(what, result.exitCode(), result.stderr());
      }
    } catch (RuntimeException e) {
      outputs.forEach(FfmpegEngine::deleteRecursively);
      throw e;
    }
  }

  /** Runs ffmpeg for what it prints (filters' summaries such as psnr's), writing no file; the stderr tail. */
  public String runForLog(String what, List<String> args) {
    List<String> command = new ArrayList<>(List.of(binaries.ffmpeg().toString(), "-hide_banner", "-nostdin", "-nostats"));
    command.addAll(args);
    Result result = execute(command, line -> { });
    if (result.exitCode() != 0) {
      throw cancelled ? new EncodeCancelledException(what) : new FfmpegException(what, result.exitCode(), result.stderr());
    }
    return result.stderr();
  }

  /** Runs ffprobe with {@code args}; its stdout (e.g. {@code -of json}). */
  public String probe(List<String> args) {
    List<String> command = new ArrayList<>(List.of(binaries.ffprobe().toString(), "-hide_banner", "-loglevel", "error"));
    command.addAll(args);
    StringBuilder out = new StringBuilder();
    Result result = execute(command, line -> out.append(line).append('\n'));
    if (result.exitCode() != 0) {
      throw cancelled ? new EncodeCancelledException("ffprobe") : new FfmpegException("ffprobe", result.exitCode(), result.stderr());
    }
    return out.toString();
  }

  /** Kills every running FFmpeg process of this engine; runs started afterwards fail at once. */
  public void cancel() {
    cancelled = true;
    for (Process p : running) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public void close() {
    cancel();
  }

  private record Result(int exitCode, String stderr) {}

  private Result execute(List<String> command, Consumer<String> stdoutLines) {
    if (cancelled) {
      throw new EncodeCancelledException(command.get(0));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(binaries.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    running.add(process);
    StderrTail tail = new StderrTail(STDERR_LINES);
    Thread errReader = new Thread(() -> readLines(process.getErrorStream(), tail::add), "ffmpeg-stderr");
    errReader.setDaemon(true);
    errReader.start();
    try {
      readLines(process.getInputStream(), stdoutLines);
      int code = process.waitFor();
      errReader.join();
      return new Result(code, tail.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new EncodeCancelledException(command.get(0));
    } finally {
      running.remove(process);
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static void readLines(InputStream in, Consumer<String> sink) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        sink.accept(line);
      }
    } catch (IOException e) {
      // the process was killed: its pipes close under the reader
    }
  }

  /** Deletes a file or a folder tree; absent is fine. */
  public static void deleteRecursively(Path path) {
    if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

}
