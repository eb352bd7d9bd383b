package io.ottplatform.serving.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code limit} actions per key (a client address) per fixed window, in bounded memory (the
 * least recently used keys are forgotten first). Refusal is a 429 naming the action and the wait.
 * Per instance, like the login throttle.
 */
public final class RateLimiter {

  private record Window(Instant start, int count) {}

  private final String action;
  private final String per;
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, Window> windows;

  public RateLimiter(String action, int limit, Duration window, int maxTracked, Clock clock) {
    this(action, "one address", limit, window, maxTracked, clock);
  }

  /** {@code per} names the key in the refusal: "one address", "one account". */
  public RateLimiter(String action, String per, int limit, Duration window, int maxTracked, Clock clock) {
    this.action = action;
    this.per = per;
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    this.windows = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterWrite(window).build();
  }

  /** Counts one action of {@code key}, or throws 429 {@code rate_limited} when the window is full. */
  public void acquire(String key) {
    Instant now = clock.instant();
    Window w = windows.asMap().merge(key, new Window(now, 1), (old, one) ->
        old.start().plus(window).isAfter(now) ? new Window(old.start(), old.count() + 1) : one);
    if (w.count() > limit) {
      long wait = Math.max(1, Duration.between(now, w.start().plus(window)).toSeconds());
      throw new RateLimitedException(action, per, limit, window, wait);
    }
  }

  /** 429 with Retry-After. */
  public static final class RateLimitedException extends ApiException {
    private final long retryAfterSeconds;

    RateLimitedException(String action, String per, int limit, Duration window, long retryAfterSeconds) {
      super(429, "rate_limited", "at most " + limit + " " + action + " per " + window.toMinutes()
          + " min from " + per + "; retry in " + retryAfterSeconds + " s");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() { return retryAfterSeconds; }
  }
}
