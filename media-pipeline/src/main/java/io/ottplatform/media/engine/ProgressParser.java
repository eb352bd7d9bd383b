package io.ottplatform.media.engine;

import java.util.function.Consumer;

/**
 * Reads FFmpeg's {@code -progress pipe:1} output: blocks of {@code key=value} lines, each ended by
 * {@code progress=continue} or {@code progress=end}. Only {@code out_time_us} and {@code speed} matter here;
 * {@code N/A} (before the first frame) counts as zero.
 */
public final class ProgressParser {

  private final double totalSeconds;
  private final Consumer<Progress> listener;
  private double outSeconds;
  private double speed;

  public ProgressParser(double totalSeconds, Consumer<Progress> listener) {
    this.totalSeconds = totalSeconds;
    this.listener = listener;
  }

  public void line(String line) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      return;
    }
    String key = line.substring(0, eq).trim();
    String value = line.substring(eq + 1).trim();
    switch (key) {
      case "out_time_us" -> outSeconds = parse(value) / 1_000_000.0;
      case "speed" -> speed = parse(value.endsWith("x") ? value.substring(0, value.length() - 1) : value);
      case "progress" -> listener.accept(Progress.of(outSeconds, speed, totalSeconds, value.equals("end")));
      default -> { }
    }
  }

  private static double parse(String value) {
    try {
      return Math.max(0, Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return 0; // N/A before the first frame is out
    }
  }
}
