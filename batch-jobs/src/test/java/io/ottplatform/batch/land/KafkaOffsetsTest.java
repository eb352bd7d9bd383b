package io.ottplatform.batch.land;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaOffsetsTest {

  @Test
  void encodesAndDecodesThroughTheSnapshotSummaryFormat() {
    KafkaOffsets offsets = new KafkaOffsets("playback.events", Map.of(1, 98L, 0, 120L));
    assertThat(offsets.encode()).isEqualTo("0=120,1=98");
    assertThat(KafkaOffsets.decode("playback.events", "0=120,1=98")).isEqualTo(offsets);
    assertThat(KafkaOffsets.summaryKey("playback.events")).isEqualTo("ott.kafka-offsets.playback.events");
    assertThat(offsets.nextOf(3)).as("a partition never landed starts at 0").isZero();
  }

  @Test
  void theMaximumPerPartitionIsTheLatestPosition() {
    KafkaOffsets a = KafkaOffsets.decode("t", "0=10,1=50");
    KafkaOffsets b = KafkaOffsets.decode("t", "0=30,2=5");
    assertThat(a.max(b).encode()).isEqualTo("0=30,1=50,2=5");
  }

  @Test
  void rejectsAMalformedEntry() {
    assertThatThrownBy(() -> KafkaOffsets.decode("t", "0=1,oops")).hasMessageContaining("'oops'");
  }

  @Test
  void splitsARangeIntoTasksOfBoundedSize() {
    OffsetRange range = new OffsetRange("t", 2, 100, 350);
    assertThat(range.split(100)).containsExactly(new OffsetRange("t", 2, 100, 200), new OffsetRange("t", 2, 200, 300),
        new OffsetRange("t", 2, 300, 350));
    assertThat(new OffsetRange("t", 0, 7, 7).split(10)).isEmpty();
    assertThatThrownBy(() -> new OffsetRange("t", 0, 9, 8)).hasMessageContaining("reversed");
  }
}
