package io.ottplatform.simulator.sink;

import java.util.function.LongSupplier;

/**
 * The simulated players' clock: it runs {@code speed} times real time from the fleet's first event, but
 * never ahead of real time. A player's {@code client_ts} is a reading of its clock, and ingest refuses
 * events more than 5 minutes ahead of its own: a fleet that starts now and runs 10x faster would pass
 * that after 20 s (issue #16). Once the fleet's clock has caught up with real time it runs at 1x.
 *
 * <p>{@code speed == 0} is unpaced: every moment of the fleet is due at once (its events already happened).
 */
public final class PlayerClock {

  private final long simStartMs;
  private final double speed;
  private final LongSupplier wallMs;
  private final LongSupplier nanos;
  private final long startNanos;

  public PlayerClock(long simStartMs, double speed, LongSupplier wallMs, LongSupplier nanos) {
    if (speed < 0 || Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed must be >= 0 (0 = unpaced): " + speed);
    }
    this.simStartMs = simStartMs;
    this.speed = speed;
    this.wallMs = wallMs;
    this.nanos = nanos;
    this.startNanos = nanos.getAsLong();
  }

  public static PlayerClock system(long simStartMs, double speed) {
    return new PlayerClock(simStartMs, speed, System::currentTimeMillis, System::nanoTime);
  }

  public boolean paced() {
    return speed > 0;
  }

  /** The players' time now, epoch millis: {@code Long.MAX_VALUE} when unpaced. */
  public long now() {
    if (!paced()) {
      return Long.MAX_VALUE;
    }
    long elapsedMs = (nanos.getAsLong() - startNanos) / 1_000_000;
    return Math.min(simStartMs + (long) (elapsedMs * speed), wallMs.getAsLong());
  }

  /** Real milliseconds until the players' clock reaches {@code simMs} (at least 1, at most 100, for a poll loop). */
  public long waitMsUntil(long simMs) {
    long now = now();
    if (simMs <= now) {
      return 1;
    }
    boolean capped = now >= wallMs.getAsLong() - 1;
    double rate = capped ? 1.0 : speed;
    return (long) Math.min(100, Math.max(1, (simMs - now) / rate));
  }

  /**
   * Where a paced fleet should start so that its clock stays below real time for about {@code span} of
   * player time: that long back, less the real time the span takes at {@code speed}.
   */
  public static long pacedStart(long wallNowMs, double speed, long spanMs) {
    if (speed <= 1) {
      return wallNowMs;
    }
    return wallNowMs - (long) (spanMs * (1 - 1 / speed));
  }
}
