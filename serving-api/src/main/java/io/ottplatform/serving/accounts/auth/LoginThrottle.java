package io.ottplatform.serving.accounts.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per e-mail and per client address in a sliding window; past the limit the
 * key is refused (429) until its oldest failure leaves the window. Per instance: behind a load
 * balancer each replica throttles on its own, which still bounds guessing to replicas × limit.
 */
public final class LoginThrottle {

  private final int maxFailures;
  private final int maxFailuresPerAddress;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int maxFailures, int maxFailuresPerAddress, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.maxFailuresPerAddress = maxFailuresPerAddress;
    this.window = window;
    this.clock = clock;
  }

  /** Seconds to wait before trying again, or 0 when the attempt may proceed. */
  public long retryAfterSeconds(String email, String clientAddress) {
    return Math.max(wait("e:" + email.toLowerCase(Locale.ROOT), maxFailures),
        wait("a:" + clientAddress, maxFailuresPerAddress));
  }

  public void recordFailure(String email, String clientAddress) {
    add("e:" + email.toLowerCase(Locale.ROOT));
    add("a:" + clientAddress);
  }

  public void recordSuccess(String email) {
    failures.remove("e:" + email.toLowerCase(Locale.ROOT));
  }

  private long wait(String key, int limit) {
    Deque<Instant> q = failures.get(key);
    if (q == null) {
      return 0;
    }
    synchronized (q) {
      prune(q);
      if (q.size() < limit) {
        return 0;
      }
      return Math.max(1, Duration.between(clock.instant(), q.peekFirst().plus(window)).toSeconds());
    }
  }

  private void add(String key) {
    Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (q) {
      prune(q);
      q.addLast(clock.instant());
    }
  }

  private void prune(Deque<Instant> q) {
    Instant cutoff = clock.instant().minus(window);
    while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) {
      q.removeFirst();
    }
  }
}
