package io.ottplatform.serving.accounts.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private Instant now = Instant.parse("2026-11-25T12:00:00Z");
  private final Clock clock = new Clock() {
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };
  /** 3 free failures per account, then 1 s doubling up to 60 s; 5 failures per address per minute. */
  private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 5,
      Duration.ofMinutes(1), 1000, clock);

  @Test
  void anAccountWaitsExponentiallyLongerAfterItsFreeFailuresButNeverMoreThanTheMaximum() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.retryAfterSeconds("a@x.io", "10.0.0." + i)).as("free failure " + i).isZero();
      throttle.recordFailure("A@x.io", "10.0.0." + i);
    }
    // keyed by e-mail, from any address: 1 s, then 2, 4, 8 ... after each further failure
    long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
    for (long wait : expected) {
      assertThat(throttle.retryAfterSeconds("a@x.io", "9.9.9.9")).isEqualTo(wait);
      now = now.plusSeconds(wait);
      assertThat(throttle.retryAfterSeconds("a@x.io", "9.9.9.9")).as("after waiting " + wait + " s").isZero();
      throttle.recordFailure("a@x.io", "192.0.2." + wait);
    }
  }

  @Test
  void theOwnersSuccessForgetsTheFailures() {
    for (int i = 0; i < 4; i++) {
      throttle.recordFailure("b@x.io", "10.0.0.1");
    }
    now = now.plusSeconds(2);
    assertThat(throttle.retryAfterSeconds("b@x.io", "10.0.0.2")).isZero();
    throttle.recordSuccess("b@x.io");
    throttle.recordFailure("b@x.io", "10.0.0.2");
    assertThat(throttle.retryAfterSeconds("b@x.io", "10.0.0.2")).as("back to the free failures").isZero();
  }

  @Test
  void refusesAnAddressThatGuessesAcrossManyEmailsUntilItsWindowEnds() {
    for (int i = 0; i < 5; i++) {
      throttle.recordFailure("user" + i + "@x.io", "6.6.6.6");
    }
    assertThat(throttle.retryAfterSeconds("someone-else@x.io", "6.6.6.6")).isEqualTo(60);
    assertThat(throttle.retryAfterSeconds("someone-else@x.io", "7.7.7.7")).isZero();
    now = now.plusSeconds(60);
    assertThat(throttle.retryAfterSeconds("someone-else@x.io", "6.6.6.6")).isZero();
  }

  @Test
  void memoryIsBoundedWhateverNumberOfEmailsAndAddressesFail() {
    for (int i = 0; i < 20_000; i++) {
      throttle.recordFailure("random-" + i + "@x.io", "203.0." + (i / 250) + "." + (i % 250));
    }
    assertThat(throttle.trackedKeys()).as("two caches of at most 1000 keys").isLessThanOrEqualTo(2000);
  }
}
