package io.ottplatform.bench.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU-seconds from Linux's {@code /proc/self/stat}: this JVM's own, and its children's once reaped (the JDK reaps
 * every process it started, so a finished FFmpeg run is counted in {@code cutime + cstime}).
 */
final class ProcessCpu {

  private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

  private ProcessCpu() {}

  /** utime + stime of this JVM. */
  static double self() {
    String[] f = fields();
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /** cutime + cstime: every reaped child process, and theirs. */
  static double children() {
    String[] f = fields();
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
  }

  /** The fields after the command name, which may hold spaces and ends at the last ')': state is [0], utime [11]. */
  private static String[] fields() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/stat (the media benchmark measures CPU on Linux)", e);
    }
  }
}
