package io.ottplatform.e2e.sdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.javacpp.Loader;

/**
 * The FFmpeg that makes the browser tests' streams: the Maven one media-pipeline uses (org.bytedeco:ffmpeg), unpacked
 * by JavaCPP's cache. One run: exit code checked, the log shown on failure, the expected files checked.
 */
final class TestFfmpeg {

  private TestFfmpeg() {}

  /** Runs FFmpeg with {@code args} (after the common flags) in {@code dir}; fails unless it wrote {@code expected}. */
  static void run(Path dir, List<String> args, List<String> expected) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String ffmpegPath = Loader.load(ffmpeg.class);
    List<String> command = new ArrayList<>(List.of(ffmpegPath, "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
    command.addAll(args);
    Path log = dir.resolve("ffmpeg.log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // the binary finds its own shared libraries (libva, libav*) beside it only through LD_LIBRARY_PATH
    pb.environment().put("LD_LIBRARY_PATH", Path.of(ffmpegPath).getParent().toString());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("FFmpeg did not finish within 2 minutes: " + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("FFmpeg exited with " + p.exitValue() + ": " + command + "\n" + Files.readString(log));
    }
    for (String f : expected) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IllegalStateException("FFmpeg wrote no " + f + " in " + dir + ": " + Files.readString(log));
      }
    }
  }
}
