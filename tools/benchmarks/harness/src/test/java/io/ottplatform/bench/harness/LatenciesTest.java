package io.ottplatform.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesOfAKnownSpread() {
    Latencies l = new Latencies();
    for (int ms = 1; ms <= 100; ms++) {
      l.recordNanos(ms * 1_000_000L);
    }
    assertThat(l.count()).isEqualTo(100);
    assertThat(l.percentileMs(50)).isCloseTo(50, within(0.1));
    assertThat(l.percentileMs(99)).isCloseTo(99, within(0.1));
    assertThat(l.maxMs()).isCloseTo(100, within(0.1));
    assertThat(l.count()).as("reading twice does not count twice").isEqualTo(100);
  }

  @Test
  void nothingRecordedIsNaN() {
    assertThat(new Latencies().percentileMs(99)).isNaN();
  }
}
