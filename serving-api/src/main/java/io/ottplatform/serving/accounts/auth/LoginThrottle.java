package io.ottplatform.serving.accounts.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Failed logins, two ways, in bounded memory (at most {@code maxTracked} e-mails and addresses each; the
 * least recently used are forgotten first, so random e-mails cannot grow it):
 *
 * <ul>
 *   <li>per account (e-mail): after {@code freeFailures} failures each further attempt must wait
 *       {@code baseDelay × 2^(failures − freeFailures)} after the last failure, at most {@code maxDelay}.
 *       Gentle on purpose: the owner who mistyped waits a second or two, a guesser waits exponentially,
 *       and nobody can lock an account out for good by failing on purpose (a wall would let them).
 *   <li>per client address (resolved behind trusted proxies by the caller): more than
 *       {@code maxFailuresPerAddress} failures in {@code window} refuse that address until the oldest leaves
 *       it (counted per fixed window: cheap, and as good as a sliding one at bounding guesses).
 * </ul>
 *
 * Per instance: behind a load balancer each replica throttles on its own, which still bounds guessing to
 * replicas × limit.
 */
public final class LoginThrottle {

  private record AccountFailures(int count, Instant last) {}

  private record AddressWindow(Instant start, int count) {}

  private final int freeFailures;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final int maxFailuresPerAddress;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, AccountFailures> accounts;
  private final Cache<String, AddressWindow> addresses;

  public LoginThrottle(int freeFailures, Duration baseDelay, Duration maxDelay, int maxFailuresPerAddress,
      Duration window, int maxTracked, Clock clock) {
    this.freeFailures = freeFailures;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.maxFailuresPerAddress = maxFailuresPerAddress;
    this.window = window;
    this.clock = clock;
    // forgotten after the longest delay or window: by then the key would be allowed anyway
    Duration keep = maxDelay.compareTo(window) > 0 ? maxDelay : window;
    this.accounts = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterWrite(keep).build();
    this.addresses = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterWrite(keep).build();
  }

  /** Seconds to wait before trying again, or 0 when the attempt may proceed. */
  public long retryAfterSeconds(String email, String clientAddress) {
    Instant now = clock.instant();
    long wait = 0;
    AccountFailures f = accounts.getIfPresent(key(email));
    if (f != null && f.count() >= freeFailures) {
      wait = seconds(Duration.between(now, f.last().plus(delayAfter(f.count()))));
    }
    AddressWindow w = addresses.getIfPresent(clientAddress);
    if (w != null && w.count() >= maxFailuresPerAddress && w.start().plus(window).isAfter(now)) {
      wait = Math.max(wait, seconds(Duration.between(now, w.start().plus(window))));
    }
    return wait;
  }

  public void recordFailure(String email, String clientAddress) {
    Instant now = clock.instant();
    accounts.asMap().merge(key(email), new AccountFailures(1, now),
        (old, one) -> new AccountFailures(old.count() + 1, now));
    addresses.asMap().merge(clientAddress, new AddressWindow(now, 1),
        (old, one) -> old.start().plus(window).isAfter(now) ? new AddressWindow(old.start(), old.count() + 1) : one);
  }

  public void recordSuccess(String email) {
    accounts.invalidate(key(email));
  }

  /** The wait required after {@code failures} failures (at least {@code freeFailures} of them). */
  Duration delayAfter(int failures) {
    int doublings = Math.min(30, failures - freeFailures);
    Duration d = baseDelay.multipliedBy(1L << doublings);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  long trackedKeys() {
    accounts.cleanUp();
    addresses.cleanUp();
    return accounts.estimatedSize() + addresses.estimatedSize();
  }

  private static String key(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private static long seconds(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return 0;
    }
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
