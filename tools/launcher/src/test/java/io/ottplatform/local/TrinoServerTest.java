package io.ottplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrinoServerTest {

  @Test
  void aQueryMayUseSixtyPercentOfTheHeap() {
    assertThat(TrinoServer.queryMemoryMb("1G")).isEqualTo(614);
    assertThat(TrinoServer.queryMemoryMb("2g")).isEqualTo(1228);
    assertThat(TrinoServer.queryMemoryMb("1536m")).isEqualTo(921);
  }

  @Test
  void aHeapThatIsNoJvmSizeIsNamed() {
    assertThatThrownBy(() -> TrinoServer.queryMemoryMb("lots")).hasMessageContaining("'lots'").hasMessageContaining("OTT_TRINO_HEAP");
  }
}
