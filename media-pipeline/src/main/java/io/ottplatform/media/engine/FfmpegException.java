package io.ottplatform.media.engine;

/** FFmpeg exited with an error: the exit code and the end of its stderr, which is where it says why. */
public final class FfmpegException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final String stderrTail;

  public FfmpegException(String what, int exitCode, String stderrTail) {
    super(what + " failed with exit code " + exitCode + ": " + lastLines(stderrTail, 6));
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }

  public int exitCode() {
    return exitCode;
  }

  public String stderrTail() {
    return stderrTail;
  }

  static String lastLines(String text, int n) {
    String[] lines = text.strip().split("\n");
    int from = Math.max(0, lines.length - n);
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
  }
}
