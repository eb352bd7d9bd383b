package io.ottplatform.simulator.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlayerClockTest {

  private final AtomicLong wallMs = new AtomicLong(1_800_000_000_000L);
  private final AtomicLong nanos = new AtomicLong(42);

  private void advance(long ms) {
    wallMs.addAndGet(ms);
    nanos.addAndGet(ms * 1_000_000);
  }

  @Test
  void aFleetStartingNowAtTenTimesNeverRunsAheadOfRealTime() {
    PlayerClock clock = new PlayerClock(wallMs.get(), 10, wallMs::get, nanos::get);
    for (int s = 0; s < 600; s++) { // the docs' example failed after about 20 s
      advance(1_000);
      assertThat(clock.now()).isLessThanOrEqualTo(wallMs.get());
    }
    assertThat(clock.now()).isEqualTo(wallMs.get());
  }

  @Test
  void aFleetStartedInThePastRunsAtItsSpeedUntilItCatchesUp() {
    long start = PlayerClock.pacedStart(wallMs.get(), 10, 26 * 60_000L);
    PlayerClock clock = new PlayerClock(start, 10, wallMs::get, nanos::get);
    advance(60_000);
    assertThat(clock.now()).isEqualTo(start + 600_000).isLessThan(wallMs.get());
    advance(96_000); // 2.6 min in: the 26 min of player time are done, exactly at real time
    assertThat(clock.now()).isEqualTo(wallMs.get());
    advance(60_000);
    assertThat(clock.now()).as("then 1x").isEqualTo(wallMs.get());
  }

  @Test
  void waitsInRealTimeForWhatIsDue() {
    PlayerClock clock = new PlayerClock(wallMs.get() - 100_000, 10, wallMs::get, nanos::get);
    assertThat(clock.waitMsUntil(clock.now() + 500)).isEqualTo(50);
    assertThat(clock.waitMsUntil(clock.now() - 1)).isEqualTo(1);
    PlayerClock unpaced = new PlayerClock(0, 0, wallMs::get, nanos::get);
    assertThat(unpaced.paced()).isFalse();
    assertThat(unpaced.now()).isEqualTo(Long.MAX_VALUE);
  }
}
