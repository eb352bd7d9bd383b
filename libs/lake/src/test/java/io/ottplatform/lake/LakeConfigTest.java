package io.ottplatform.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeConfigTest {

  @Test
  void defaultsPointAtTheLakeThatOttUpCreates() {
    Settings s = Settings.of("test", Map.of());
    LakeConfig c = LakeConfig.read(s);
    s.finish();
    assertThat(c.catalog()).isEqualTo("lake");
    assertThat(c.catalogUri()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ott_lake");
    assertThat(c.warehouse().getScheme()).isEqualTo("file");
    assertThat(c.warehouse().toString()).endsWith(".ott/warehouse/");
    assertThat(c.table(LakeTables.RAW_EVENTS)).isEqualTo("lake.raw.playback_events");
  }

  @Test
  void aNamespacePrefixKeepsTablesOutOfTheLakesOwnNamespaces() {
    Settings s = Settings.of("test", Map.of("lake.namespace-prefix", "bench_", "lake.warehouse", "s3://bucket/wh"));
    LakeConfig c = LakeConfig.read(s);
    s.finish();
    assertThat(c.table("raw.playback_events")).isEqualTo("lake.bench_raw.playback_events");
    assertThat(c.namespace("analytics")).isEqualTo("lake.bench_analytics");
    assertThat(c.warehouse().toString()).isEqualTo("s3://bucket/wh/");
  }

  @Test
  void reportsEveryBadLakeValueAtOnceAndHidesThePassword() {
    Settings s = Settings.of("test", Map.of("lake.namespace-prefix", "Bench", "lake.catalog", "Lake",
        "lake.catalog-db.url", "postgres://x", "lake.shuffle-partitions", "0", "lake.catalog-db.password", "secret"));
    LakeConfig c = LakeConfig.read(s);
    assertThat(c.toString()).doesNotContain("secret");
    assertThatThrownBy(s::finish).isInstanceOf(ConfigException.class)
        .hasMessageContaining("lake.namespace-prefix = 'Bench'")
        .hasMessageContaining("lake.catalog = 'Lake'")
        .hasMessageContaining("lake.catalog-db.url = 'postgres://x'")
        .hasMessageContaining("lake.shuffle-partitions = '0'");
  }
}
