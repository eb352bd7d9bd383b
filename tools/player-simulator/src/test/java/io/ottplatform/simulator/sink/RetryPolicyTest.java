package io.ottplatform.simulator.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static List<Long> delaysMs(RetryPolicy policy, int retries, Duration retryAfter) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < retries; i++) {
      out.add(policy.delay(i, retryAfter).toMillis());
    }
    return out;
  }

  @Test
  void doublesFromOneSecondUpToSixtyWithEqualJitter() {
    RetryPolicy most = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
    assertThat(delaysMs(most, 9, null)).containsExactly(999L, 1_999L, 3_999L, 7_999L, 15_999L, 31_999L, 59_999L,
        59_999L, 59_999L);
    RetryPolicy least = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
    assertThat(delaysMs(least, 8, null)).containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L,
        30_000L);
  }

  @Test
  void theSameFailureDoesNotBringAFleetBackTogether() {
    double[] draws = {0.1, 0.7, 0.4};
    int[] i = {0};
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> draws[i[0]++ % 3]);
    assertThat(delaysMs(policy, 3, null)).doesNotHaveDuplicates()
        .containsExactly(550L, 1_700L, 2_800L);
  }

  @Test
  void neverEarlierThanRetryAfterAndNeverLongerThanTheCap() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
    assertThat(policy.delay(0, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delay(6, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delay(0, Duration.ofHours(1))).as("a silly Retry-After is capped").isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.ceiling(100)).isEqualTo(Duration.ofSeconds(60));
  }
}
