package io.ottplatform.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchLineTest {

  @Test
  void theLineKeepsKeyOrderAndDecimals() {
    BenchLine line = BenchLine.of("ingest").put("batched_events_per_s", 224876L).put("ratio_vs_producer", 0.6021, 3)
        .putRounded("single_requests_per_s", 16964.4).put("batched_p99_ms", 21.24, 1);
    assertThat(line.line())
        .isEqualTo("BENCH ingest batched_events_per_s=224876 ratio_vs_producer=0.602 single_requests_per_s=16964 batched_p99_ms=21.2");
  }

  @Test
  void theResultsAreFlatJsonThatReadsBack() {
    String json = BenchLine.of("serving").put("browse_p99_ms", 4.3, 1).put("floor_cpu_us", Double.NaN, 0).json();
    Map<String, String> read = FlatJson.read(json);
    assertThat(read).containsEntry("bench", "serving").containsEntry("browse_p99_ms", "4.3").containsEntry("floor_cpu_us", null)
        .containsKey("at");
  }

  @Test
  void keysAndNamesAreWhatTheLineCanCarry() {
    assertThatThrownBy(() -> BenchLine.of("Serving")).hasMessageContaining("Serving");
    assertThatThrownBy(() -> BenchLine.of("serving").put("p99 ms", 1)).hasMessageContaining("p99 ms");
  }

  @Test
  void flatJsonEscapesAndUnescapes() {
    String json = FlatJson.write(Map.of("text", "a \"quoted\"\tvalue\\"));
    assertThat(FlatJson.read(json)).containsEntry("text", "a \"quoted\"\tvalue\\");
  }
}
