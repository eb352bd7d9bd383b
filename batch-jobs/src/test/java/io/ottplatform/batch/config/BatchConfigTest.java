package io.ottplatform.batch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.batch.BatchJobs;
import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchConfigTest {

  private static BatchConfig read(BatchJobCommand command, Map<String, String> env, String... args) {
    Settings s = BatchJobs.settings(command, args, env);
    BatchConfig config = BatchConfig.read(s, command);
    s.finish();
    return config;
  }

  @Test
  void theBundledFileDefaultsToThePlatformThatOttUpStarts() {
    BatchConfig c = read(BatchJobCommand.LAND, Map.of());
    assertThat(c.lake().sparkMaster()).isEqualTo("local[*]");
    assertThat(c.lake().catalog()).isEqualTo("lake");
    assertThat(c.lake().catalogUri()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ott_lake");
    assertThat(c.lake().catalogPassword()).isEmpty();
    assertThat(c.lake().namespacePrefix()).isEmpty();
    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(c.topic()).isEqualTo("playback.events");
    assertThat(c.lake().warehouse().toString()).endsWith(".ott/warehouse/");
    assertThat(c.snapshotRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.orphanAge()).isEqualTo(Duration.ofDays(3));
    assertThat(c.date()).isNull();
  }

  @Test
  void theEnvironmentOfOttAndTheCommandsFlagsOverrideTheFile() {
    Map<String, String> env = Map.of("OTT_LAKE_DB", "other_lake", "OTT_PG_HOST", "db", "OTT_HOME", "/data/ott",
        "OTT_KAFKA_BOOTSTRAP", "k:1", "OTT_BATCH_SNAPSHOT_RETENTION", "2d");
    BatchConfig c = read(BatchJobCommand.SESSIONIZE, env, "--date", "2026-11-25", "--set", "lake.shuffle-partitions=3");
    assertThat(c.lake().catalogUri()).isEqualTo("jdbc:postgresql://db:5432/other_lake");
    assertThat(c.lake().warehouse().toString()).isEqualTo("file:///data/ott/warehouse/");
    assertThat(c.kafkaBootstrap()).isEqualTo("k:1");
    assertThat(c.snapshotRetention()).isEqualTo(Duration.ofDays(2));
    assertThat(c.lake().shufflePartitions()).isEqualTo(3);
    assertThat(c.date()).isEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(c.table("raw.playback_events")).isEqualTo("lake.raw.playback_events");

    BatchConfig maintain = read(BatchJobCommand.MAINTAIN, Map.of(), "--orphan-age=6h");
    assertThat(maintain.orphanAge()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Settings s = BatchJobs.settings(BatchJobCommand.ERASE, new String[] {"--set", "lake.shuffle-partitions=0",
        "--bogus", "x", "--set", "maintain.snapshot-retention=a week", "--set", "lake.namespace-prefix=Bench"},
        Map.of());
    BatchConfig.read(s, BatchJobCommand.ERASE);
    assertThatThrownBy(s::finish).isInstanceOf(ConfigException.class)
        .hasMessageContaining("lake.shuffle-partitions = '0'")
        .hasMessageContaining("unknown argument '--bogus'")
        .hasMessageContaining("maintain.snapshot-retention = 'a week'")
        .hasMessageContaining("lake.namespace-prefix = 'Bench'")
        .hasMessageContaining("erase.profile-id is required");
  }

  @Test
  void aDatedJobRequiresAValidDateAndOthersRefuseOne() {
    Settings missing = BatchJobs.settings(BatchJobCommand.SESSIONIZE, new String[0], Map.of());
    BatchConfig.read(missing, BatchJobCommand.SESSIONIZE);
    assertThatThrownBy(missing::finish).hasMessageContaining("sessionize.date is required");

    Settings bad = BatchJobs.settings(BatchJobCommand.SESSIONIZE, new String[] {"--date", "25.11.2026"}, Map.of());
    BatchConfig.read(bad, BatchJobCommand.SESSIONIZE);
    assertThatThrownBy(bad::finish).hasMessageContaining("sessionize.date = '25.11.2026': not a date");

    Settings land = BatchJobs.settings(BatchJobCommand.LAND, new String[] {"--date", "2026-11-25"}, Map.of());
    BatchConfig.read(land, BatchJobCommand.LAND);
    assertThatThrownBy(land::finish).hasMessageContaining("unknown argument '--date'");
  }

  @Test
  void helpListsTheJobsFlagsAndEverySetting() {
    Settings s = BatchJobs.settings(BatchJobCommand.MAINTAIN, new String[] {"--help"}, Map.of());
    BatchConfig.read(s, BatchJobCommand.MAINTAIN);
    assertThat(s.helpRequested()).isTrue();
    assertThat(BatchJobCommand.MAINTAIN.flags().help()).contains("--orphan-age").contains("maintain.orphan-age");
    assertThat(s.help()).contains("lake.catalog-db.url").contains("kafka.bootstrap").contains("maintain.snapshot-retention");
  }
}
