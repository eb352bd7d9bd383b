package io.ottplatform.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

  @Test
  void turnsProgressBlocksIntoPercentSpeedAndEta() {
    List<Progress> seen = new ArrayList<>();
    ProgressParser parser = new ProgressParser(20, seen::add);
    for (String line : List.of("frame=0", "out_time_us=N/A", "speed=N/A", "progress=continue",
        "frame=100", "out_time_us=5000000", "speed=2.5x", "progress=continue",
        "out_time_us=20000000", "speed=2.4x", "progress=end")) {
      parser.line(line);
    }
    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).percent()).isZero();
    assertThat(seen.get(1).percent()).isEqualTo(25.0);
    assertThat(seen.get(1).speed()).isEqualTo(2.5);
    assertThat(seen.get(1).eta()).isEqualTo(Duration.ofSeconds(6)); // 15 s of media left at 2.5x
    assertThat(seen.get(2).done()).isTrue();
    assertThat(seen.get(2).percent()).isEqualTo(100.0);
  }
}
