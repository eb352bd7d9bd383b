package io.ottplatform.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.ingest.IngestConfiguration.Bucket;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void allowsTheBurstThenTheRateAndSaysHowLongToWait() {
    AtomicLong nanos = new AtomicLong();
    RateLimiter limiter = new RateLimiter(new Bucket(2, 3), nanos::get);

    assertThat(limiter.tryAcquire("s")).isZero();
    assertThat(limiter.tryAcquire("s")).isZero();
    assertThat(limiter.tryAcquire("s")).isZero();
    assertThat(limiter.tryAcquire("s")).as("ms until the next token at 2/s").isEqualTo(500);
    assertThat(limiter.tryAcquire("other")).as("buckets are per key").isZero();
    nanos.addAndGet(500_000_000L);
    assertThat(limiter.tryAcquire("s")).isZero();
  }

  @Test
  void aZeroRateTurnsItOff() {
    RateLimiter off = new RateLimiter(new Bucket(0, 0), System::nanoTime);
    for (int i = 0; i < 1000; i++) {
      assertThat(off.tryAcquire("s")).isZero();
    }
  }
}
