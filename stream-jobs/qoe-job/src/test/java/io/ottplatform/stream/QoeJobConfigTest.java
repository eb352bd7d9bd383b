package io.ottplatform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QoeJobConfigTest {

  @Test
  void stateLivesUnderOttHomeAndTheEnvironmentNamesKafkaAndTheDatabase() {
    QoeJobConfig c = QoeJobMain.configOf(new String[0], Map.of("OTT_HOME", "/srv/ott",
        "OTT_KAFKA_BOOTSTRAP", "kafka:9092", "OTT_DB_URL", "jdbc:postgresql://db/ott"));
    assertThat(c.bootstrap()).isEqualTo("kafka:9092");
    assertThat(c.localCheckpointDir()).contains(Path.of("/srv/ott/state/qoe-job/checkpoints"));
    assertThat(c.localSavepointDir()).contains(Path.of("/srv/ott/state/qoe-job/savepoints"));
    assertThat(c.checkpointUri()).isEqualTo("file:///srv/ott/state/qoe-job/checkpoints");
    assertThat(c.jdbcUrl()).contains("jdbc:postgresql://db/ott");
    assertThat(c.checkpointDir()).doesNotContain(System.getProperty("java.io.tmpdir"));
  }

  @Test
  void withoutAnEnvironmentTheDefaultsAreLocalAndThereIsNoDashboardTable() {
    QoeJobConfig c = QoeJobMain.configOf(new String[0], Map.of());
    assertThat(c.bootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(c.localCheckpointDir()).contains(Path.of(".ott/state/qoe-job/checkpoints").toAbsolutePath());
    assertThat(c.jdbcUrl()).isEmpty();
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void setAndTheKeyValueShorthandOverrideTheFileAndRemoteStateIsNotScanned() {
    QoeJobConfig c = QoeJobMain.configOf(new String[] {"--set", "parallelism=4", "--checkpoint-interval", "2s",
        "--checkpoint-dir=s3://bucket/qoe"}, Map.of());
    assertThat(c.parallelism()).isEqualTo(4);
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.localCheckpointDir()).isEmpty();
    assertThat(c.checkpointUri()).isEqualTo("s3://bucket/qoe");
  }

  @Test
  void everyBadKeyAndValueIsReportedAtOnce() {
    assertThatThrownBy(() -> QoeJobMain.configOf(new String[] {"--parallelism", "0", "--set", "checkpoint-intervall=5s",
        "--finalize-after", "10s", "--starting-offsets", "newest"}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
        .hasMessageContaining("parallelism = '0'")
        .hasMessageContaining("unknown key 'checkpoint-intervall'")
        .hasMessageContaining("finalize-after = '10s' must be >= session-timeout = '1m'")
        .hasMessageContaining("starting-offsets = 'newest'");
  }

  @Test
  void freshAndFromSavepointAreNotSettings() {
    QoeJobMain.Launch launch = QoeJobMain.Launch.parse(new String[] {"--fresh", "--from-savepoint", "/sp/1",
        "--bootstrap", "k:1"});
    assertThat(launch.fresh()).isTrue();
    assertThat(launch.fromSavepoint()).contains("/sp/1");
    assertThat(launch.settingsArgs()).containsExactly("--set", "bootstrap=k:1");
  }
}
