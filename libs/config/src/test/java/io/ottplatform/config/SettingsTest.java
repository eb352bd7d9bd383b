package io.ottplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  enum Mode { FAST, SAFE }

  @TempDir Path dir;

  private Path file(String yaml) throws Exception {
    Path f = dir.resolve("job.yml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void readsNestedYamlWithEnvironmentDefaultsAndOverrides() throws Exception {
    Path f = file("""
        kafka:
          bootstrap: ${OTT_KAFKA_BOOTSTRAP:-127.0.0.1:9092}
        checkpoint:
          interval: 30s
          dir: ${OTT_HOME:-./.ott}/checkpoints
        parallelism: 2
        """);
    Settings s = Settings.load("job", new String[] {"--config", f.toString(), "--set", "parallelism=3"},
        Map.of("OTT_HOME", "/var/ott"));

    assertThat(s.string("kafka.bootstrap", "Kafka")).isEqualTo("127.0.0.1:9092");
    assertThat(s.duration("checkpoint.interval", "10s", "interval")).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.path("checkpoint.dir", null, "dir")).isEqualTo(Path.of("/var/ott/checkpoints"));
    assertThat(s.integer("parallelism", 1, 1, 64, "parallelism")).isEqualTo(3);
    assertThat(s.choice("mode", Mode.class, Mode.SAFE, "mode")).isEqualTo(Mode.SAFE);
    s.finish();
    assertThat(s.help()).contains("kafka.bootstrap").contains("127.0.0.1:9092").contains("parallelism");
  }

  @Test
  void reportsEveryBadKeyAndValueAtOnce() throws Exception {
    Path f = file("""
        parallelism: zero
        checkpoint:
          interval: 30 fortnights
        mode: turbo
        paralelism: 2
        """);
    Settings s = Settings.load("job", new String[] {"--config", f.toString(), "--bogus"}, Map.of());
    s.integer("parallelism", 1, 1, 64, "parallelism");
    s.duration("checkpoint.interval", "10s", "interval");
    s.choice("mode", Mode.class, Mode.SAFE, "mode");
    s.string("kafka.bootstrap", "Kafka address");

    assertThatThrownBy(s::finish).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(6))
        .hasMessageContaining("parallelism = 'zero': not a whole number")
        .hasMessageContaining("checkpoint.interval = '30 fortnights': unknown duration unit 'fortnights'")
        .hasMessageContaining("mode = 'turbo'")
        .hasMessageContaining("kafka.bootstrap is required")
        .hasMessageContaining("unknown key 'paralelism'")
        .hasMessageContaining("unknown argument '--bogus'");
  }

  @Test
  void aVariableWithoutValueOrDefaultIsAProblem() throws Exception {
    Path f = file("secret: ${JOB_SECRET}\n");
    Settings s = Settings.load("job", new String[] {"--config", f.toString()}, Map.of());
    s.string("secret", "", "a secret");
    assertThatThrownBy(s::finish).hasMessageContaining("environment variable JOB_SECRET is not set");
  }

  @Test
  void aDefaultMayHoldAVariableAndEscapesStay() throws Exception {
    Path f = file("""
        warehouse: ${OTT_WAREHOUSE:-${OTT_HOME:-.ott}/warehouse}
        literal: $${NOT_A_VARIABLE}
        """);
    Settings s = Settings.load("job", new String[] {"--config", f.toString()}, Map.of("OTT_HOME", "/srv/ott"));
    assertThat(s.string("warehouse", "warehouse")).isEqualTo("/srv/ott/warehouse");
    assertThat(s.string("literal", "a literal")).isEqualTo("${NOT_A_VARIABLE}");
    s.finish();
    Settings set = Settings.load("job", new String[] {"--config", f.toString()}, Map.of("OTT_WAREHOUSE", "/data/lake"));
    assertThat(set.string("warehouse", "warehouse")).isEqualTo("/data/lake");
  }

  @Test
  void secretsNeverShowInHelp() throws Exception {
    Path f = file("db:\n  password: ${DB_PASSWORD:-}\n");
    Settings s = Settings.load("job", new String[] {"--config", f.toString()}, Map.of("DB_PASSWORD", "hunter2"));
    assertThat(s.secret("db.password", "", "database password")).isEqualTo("hunter2");
    assertThat(s.help()).contains("db.password").contains("(set)").doesNotContain("hunter2");
  }

  @Test
  void aSharedBaseIsReadUnderTheDeployablesFileAndSetOverridesBoth() {
    Settings s = Settings.load("settings-test-job", new String[] {"--set", "store.url=jdbc:postgresql://db/x"},
        Map.of("OTT_HOME", "/srv/ott"), "settings-test-base");
    assertThat(s.string("store.url", "url")).isEqualTo("jdbc:postgresql://db/x");
    assertThat(s.integer("store.partitions", 1, 1, 64, "partitions")).as("the deployable's file wins").isEqualTo(2);
    assertThat(s.string("store.warehouse", "warehouse")).as("the base's key, its variables substituted")
        .isEqualTo("/srv/ott/warehouse");
    assertThat(s.integer("parallelism", 1, 1, 64, "parallelism")).isEqualTo(4);
    s.finish();
  }

  @Test
  void aConfigFileOverABaseSaysOnlyWhatDiffers() throws Exception {
    Path f = file("store:\n  partitions: 16\n");
    Settings s = Settings.load("job", new String[] {"--config", f.toString()}, Map.of("STORE_HOST", "db.internal"),
        "settings-test-base");
    assertThat(s.string("store.url", "url")).isEqualTo("jdbc:postgresql://db.internal:5432/store");
    assertThat(s.integer("store.partitions", 1, 1, 64, "partitions")).isEqualTo(16);
    s.string("store.warehouse", "warehouse");
    s.finish();
  }

  @Test
  void aMissingBaseIsNamedWithTheOtherProblems() throws Exception {
    Path f = file("parallelism: zero\n");
    Settings s = Settings.load("job", new String[] {"--config", f.toString()}, Map.of(), "no-such-base");
    s.integer("parallelism", 1, 1, 64, "parallelism");
    assertThatThrownBy(s::finish).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no-such-base.yml are not on the classpath")
        .hasMessageContaining("parallelism = 'zero'");
  }

  @Test
  void durationsUseDropwizardsSyntax() {
    assertThat(Durations.parse("200ms")).isEqualTo(Duration.ofMillis(200));
    assertThat(Durations.parse("5 minutes")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThatThrownBy(() -> Durations.parse("PT30S")).hasMessageContaining("not a duration: 'PT30S'");
  }
}
