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
  private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(1), clock);

  @Test
  void refusesAnEmailAfterTooManyFailuresUntilTheyLeaveTheWindow() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.retryAfterSeconds("a@x.io", "1.1.1.1")).isZero();
      throttle.recordFailure("A@x.io", "1.1.1." + i);
    }
    assertThat(throttle.retryAfterSeconds("a@x.io", "9.9.9.9")).as("keyed by e-mail, any address").isBetween(1L, 60L);

    now = now.plusSeconds(61);
    assertThat(throttle.retryAfterSeconds("a@x.io", "9.9.9.9")).isZero();
  }

  @Test
  void refusesAnAddressThatGuessesAcrossManyEmails() {
    for (int i = 0; i < 5; i++) {
      throttle.recordFailure("user" + i + "@x.io", "6.6.6.6");
    }
    assertThat(throttle.retryAfterSeconds("someone-else@x.io", "6.6.6.6")).isPositive();
    assertThat(throttle.retryAfterSeconds("someone-else@x.io", "7.7.7.7")).isZero();
  }
}
