package io.ottplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformConfigTest {

  @Test
  void defaultsMatchTheDocumentedPorts() {
    PlatformConfig config = PlatformConfig.from(Map.of("OTT_HOME", "/tmp/ott-x"));

    assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(config.kafkaControllerPort()).isEqualTo(9093);
    assertThat(config.trinoPort()).isEqualTo(8080);
    assertThat(config.jdbcUrl("ott")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ott");
    assertThat(config.warehouse()).isEqualTo(Path.of("/tmp/ott-x/warehouse"));
    assertThat(config.lakeCatalog()).isEqualTo("lake");
  }

  @Test
  void environmentOverridesDefaults() {
    PlatformConfig config = PlatformConfig.from(Map.of("OTT_KAFKA_PORT", "19092", "OTT_TRINO_PORT", "18080",
        "OTT_DB", "ott_it", "OTT_WAREHOUSE", "/data/lake"));

    assertThat(config.kafkaPort()).isEqualTo(19092);
    assertThat(config.trinoPort()).isEqualTo(18080);
    assertThat(config.database()).isEqualTo("ott_it");
    assertThat(config.warehouse()).isEqualTo(Path.of("/data/lake"));
  }

  @Test
  void reportsEveryBadSettingAtOnceNamingTheVariableAndValue() {
    assertThatThrownBy(() -> PlatformConfig.from(Map.of(
            "OTT_KAFKA_PORT", "kafka", "OTT_TRINO_PORT", "70000", "OTT_DB", "Robert'); DROP TABLE")))
        .isInstanceOf(PlatformException.class)
        .hasMessageContaining("OTT_KAFKA_PORT=kafka is not a number")
        .hasMessageContaining("OTT_TRINO_PORT=70000 is not a port")
        .hasMessageContaining("OTT_DB=Robert'); DROP TABLE must be a lower-case SQL identifier");
  }

  @Test
  void refusesAJava25HomeWithoutAJavaBinary() {
    assertThatThrownBy(() -> PlatformConfig.from(Map.of("OTT_JAVA25_HOME", "/nonexistent/jdk")))
        .hasMessageContaining("OTT_JAVA25_HOME=/nonexistent/jdk has no bin/java");
  }
}
