package io.ottplatform.ingest.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ottplatform.ingest.IngestConfiguration.Bucket;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a session id, a client network). Buckets of idle keys are forgotten, so memory
 * stays bounded by the number of active keys.
 */
public final class RateLimiter {

  private final double perNano;
  private final double burst;
  private final boolean enabled;
  private final LongSupplier nanoClock;
  private final Cache<String, State> buckets;
  private final String description;

  private static final class State {
    double tokens;
    long last;

    State(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  public RateLimiter(Bucket config, LongSupplier nanoClock) {
    this.enabled = config.enabled();
    this.perNano = config.requestsPerSecond / 1e9;
    this.burst = config.burst;
    double rate = config.requestsPerSecond;
    this.description = (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate))
        + " requests/s, burst " + config.burst;
    this.nanoClock = nanoClock;
    this.buckets = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  }

  /** The limit as a client is told it: {@code "10 requests/s, burst 100"}. */
  public String describe() {
    return description;
  }

  /** 0 if {@code key} may go now (and a token is taken), else how many milliseconds until it may. */
  public long tryAcquire(String key) {
    if (!enabled) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    State s = buckets.get(key, k -> new State(burst, now));
    synchronized (s) {
      s.tokens = Math.min(burst, s.tokens + (now - s.last) * perNano);
      s.last = now;
      if (s.tokens >= 1) {
        s.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - s.tokens) / perNano / 1e6));
    }
  }
}
