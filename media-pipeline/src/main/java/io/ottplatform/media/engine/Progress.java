package io.ottplatform.media.engine;

import java.time.Duration;

/**
 * Where an encode stands, from FFmpeg's {@code -progress} key=value blocks: {@code percent} of the media duration
 * done, {@code speed} in multiples of real time, {@code eta} the remaining media time divided by that speed.
 */
public record Progress(double percent, double outSeconds, double speed, Duration eta, boolean done) {

  public static Progress of(double outSeconds, double speed, double totalSeconds, boolean done) {
    double percent = done ? 100 : totalSeconds <= 0 ? 0 : Math.min(99.9, 100 * outSeconds / totalSeconds);
    Duration eta = done || speed <= 0 || totalSeconds <= 0
        ? Duration.ZERO
        : Duration.ofMillis((long) (1000 * Math.max(0, totalSeconds - outSeconds) / speed));
    return new Progress(percent, outSeconds, speed, eta, done);
  }
}
