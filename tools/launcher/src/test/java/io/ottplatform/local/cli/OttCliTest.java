package io.ottplatform.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.local.PlatformException;
import org.junit.jupiter.api.Test;

class OttCliTest {

  @Test
  void theRoundTripIsDatedNowUnlessToldHowManyHoursBack() {
    assertThat(OttCli.hoursAgo(new String[] {"kafka-roundtrip"})).isZero();
    assertThat(OttCli.hoursAgo(new String[] {"kafka-roundtrip", "--hours-ago", "13"})).isEqualTo(13);
  }

  @Test
  void aBadHoursAgoIsNamed() {
    assertThatThrownBy(() -> OttCli.hoursAgo(new String[] {"kafka-roundtrip", "--hours-ago", "-1"}))
        .isInstanceOf(PlatformException.class).hasMessageContaining("not '-1'");
    assertThatThrownBy(() -> OttCli.hoursAgo(new String[] {"kafka-roundtrip", "--hours", "2"}))
        .isInstanceOf(PlatformException.class).hasMessageContaining("usage: ott kafka-roundtrip [--hours-ago N]");
  }

  @Test
  void unknownCommandsAndNoCommandAreUsageErrors() {
    assertThat(OttCli.run(new String[] {})).isEqualTo(2);
    assertThat(OttCli.run(new String[] {"launch"})).isEqualTo(2);
  }
}
