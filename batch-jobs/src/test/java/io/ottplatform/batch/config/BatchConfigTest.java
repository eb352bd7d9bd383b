package io.ottplatform.batch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchConfigTest {

  @Test
  void defaultsPointAtThePlatformThatOttUpStarts() {
    BatchConfig c = BatchConfig.parse(new String[0], Map.of());
    assertThat(c.master()).isEqualTo("local[*]");
    assertThat(c.catalog()).isEqualTo("lake");
    assertThat(c.catalogUri()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ott_lake");
    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(c.topic()).isEqualTo("playback.events");
    assertThat(c.warehouse().getScheme()).isEqualTo("file");
    assertThat(c.warehouse().toString()).endsWith(".ott/warehouse/");
    assertThat(c.snapshotRetention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void argumentsOverrideTheEnvironmentWhichOverridesDefaults() {
    Map<String, String> env = Map.of("OTT_LAKE_DB", "other_lake", "OTT_KAFKA_PORT", "19092", "OTT_WAREHOUSE", "/data/wh");
    BatchConfig c = BatchConfig.parse(new String[] {"--date", "2026-11-25", "--kafka-bootstrap=k:1", "--warehouse", "s3://b/wh"}, env);
    assertThat(c.catalogUri()).endsWith("/other_lake");
    assertThat(c.kafkaBootstrap()).isEqualTo("k:1");
    assertThat(c.warehouse().toString()).isEqualTo("s3://b/wh/");
    assertThat(c.date()).isEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(c.table("raw.playback_events")).isEqualTo("lake.raw.playback_events");
  }

  @Test
  void aNamespacePrefixKeepsTablesOutOfTheLakesOwnNamespaces() {
    BatchConfig c = BatchConfig.parse(new String[] {"--namespace-prefix", "bench_"}, Map.of());
    assertThat(c.table("raw.playback_events")).isEqualTo("lake.bench_raw.playback_events");
    assertThat(c.namespace("analytics")).isEqualTo("lake.bench_analytics");
    assertThatThrownBy(() -> BatchConfig.parse(new String[] {"--namespace-prefix", "Bench"}, Map.of()))
        .hasMessageContaining("--namespace-prefix=Bench must be a lower-case identifier ending in '_'");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> BatchConfig.parse(new String[] {"--date", "25.11.2026", "--shuffle-partitions", "0",
        "--bogus", "x", "--snapshot-retention", "a week"}, Map.of(), BatchConfig.Required.VIEWER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--date=25.11.2026 is not a date")
        .hasMessageContaining("--shuffle-partitions=0 must be positive")
        .hasMessageContaining("unknown option --bogus")
        .hasMessageContaining("--snapshot-retention=a week")
        .hasMessageContaining("--profile-id is required");
  }

  @Test
  void aDatedJobRequiresItsDate() {
    assertThatThrownBy(() -> BatchConfig.parse(new String[0], Map.of(), BatchConfig.Required.DATE))
        .hasMessageContaining("--date is required");
  }
}
