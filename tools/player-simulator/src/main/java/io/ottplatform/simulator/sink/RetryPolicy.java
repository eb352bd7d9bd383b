package io.ottplatform.simulator.sink;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The SDK's retry policy of docs/ingest.md: after a 429, a 503 or a network error, wait the answer's
 * {@code Retry-After} or the backoff (1 s, doubling up to 60 s), whichever is longer, with jitter so a
 * fleet that failed together does not come back together; then resend the same events.
 *
 * <p>Jitter is "equal jitter": attempt {@code n} waits between half and all of {@code min(max, initial * 2^n)},
 * never less than {@code Retry-After}. The random source is injectable, so the sequence is testable.
 */
public final class RetryPolicy {

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  public RetryPolicy(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("retry backoff needs 0 < initial <= max: " + initial + ", " + max);
    }
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** 1 s doubling to 60 s, as docs/ingest.md tells SDKs. */
  public static RetryPolicy sdkDefault() {
    return new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60),
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /** The cap before jitter for retry number {@code attempt} (0 = the first retry). */
  public Duration ceiling(int attempt) {
    int doublings = Math.min(Math.max(0, attempt), 30);
    long ms = initial.toMillis() << doublings;
    return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
  }

  /** How long to wait before retry number {@code attempt}; {@code retryAfter} may be null. */
  public Duration delay(int attempt, Duration retryAfter) {
    long ceiling = ceiling(attempt).toMillis();
    long jittered = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), max.toMillis());
    return Duration.ofMillis(Math.max(floor, jittered));
  }
}
