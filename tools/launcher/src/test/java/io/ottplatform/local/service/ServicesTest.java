package io.ottplatform.local.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.local.PlatformConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private final PlatformConfig config = PlatformConfig.from(Map.of("OTT_HOME", "/tmp/ott-home-of-test", "OTT_KAFKA_PORT", "19092"));
  private final List<ServiceDefinition> table = Services.table(config, ROOT);

  @Test
  void theServicesInStartOrderTheGuardBeforeServingApiBeforeIngest() {
    assertThat(table).extracting(ServiceDefinition::name)
        .containsExactly("qoe-job", "concurrency-guard", "serving-api", "ingest-api", "media-worker");
  }

  @Test
  void theMediaWorkerSharesServingApisOriginMasterKeyAndKeyTable() {
    ServiceDefinition worker = Services.find(table, "media-worker");
    ServiceDefinition serving = Services.find(table, "serving-api");
    assertThat(worker.env()).containsEntry("OTT_MEDIA_KEY_STORE", "postgres")
        .containsEntry("OTT_MEDIA_ORIGIN_DIR", serving.env().get("OTT_SERVING_ORIGIN_DIR"))
        .containsEntry("OTT_MEDIA_MASTER_KEY_FILE", serving.env().get("OTT_MEDIA_MASTER_KEY_FILE"))
        .containsEntry("OTT_DB_URL", serving.env().get("OTT_DB_URL"));
    assertThat(worker.env().get("OTT_MEDIA_HLS_KEY_URI")).startsWith("http://127.0.0.1:8090/v1/keys/hls/");
  }

  @Test
  void everyServiceRunsAMainClassOfAModuleOfThisRepository() {
    for (ServiceDefinition s : table) {
      Path module = ROOT.resolve(s.module());
      assertThat(module.resolve("pom.xml")).as(s.name() + "'s module").isRegularFile();
      assertThat(module.resolve("src/main/java/" + s.mainClass().replace('.', '/') + ".java"))
          .as(s.name() + "'s main class").isRegularFile();
    }
  }

  @Test
  void everyServiceGetsTheKafkaAddressAndStateFolderOfThisPlatform() {
    for (ServiceDefinition s : table) {
      assertThat(s.env()).as(s.name())
          .containsEntry("OTT_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
          .containsEntry("OTT_HOME", "/tmp/ott-home-of-test")
          .containsEntry("OTT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/ott");
    }
  }

  @Test
  void healthUrlsAreThePlatformsAdminPorts() {
    assertThat(Services.find(table, "ingest-api").health()).hasValueSatisfying(u -> assertThat(u).hasPort(8082));
    assertThat(Services.find(table, "serving-api").health()).hasValueSatisfying(u -> assertThat(u).hasPort(8091));
    assertThat(Services.find(table, "concurrency-guard").health()).hasValueSatisfying(u -> assertThat(u).hasPort(8095));
    assertThat(Services.find(table, "qoe-job").health()).as("the job process's own endpoint, on the port it is given")
        .hasValueSatisfying(u -> assertThat(u).hasPort(8096).hasPath("/healthcheck"));
    assertThat(Services.find(table, "qoe-job").env()).containsEntry("OTT_QOE_HEALTH_PORT", "8096");
    assertThat(Services.find(table, "media-worker").health()).as("the worker's own endpoint, on the port it is given")
        .hasValueSatisfying(u -> assertThat(u).hasPort(8097).hasPath("/healthcheck"));
    assertThat(Services.find(table, "media-worker").env()).containsEntry("OTT_MEDIA_HEALTH_PORT", "8097");
    assertThat(table).as("every service is awaited on a health URL").allSatisfy(s -> assertThat(s.health()).isPresent());
  }

  @Test
  void theGuardAndServingApiShareTheGuardsRandomTokenAndTheHealthProbeNeedsNone() {
    String token = Services.find(table, "concurrency-guard").env().get("OTT_GUARD_TOKEN");
    assertThat(token).as("a random token, generated per OTT_HOME").hasSizeGreaterThanOrEqualTo(32);
    assertThat(Services.find(table, "serving-api").env()).containsEntry("OTT_GUARD_TOKEN", token);
    assertThat(Services.find(table, "concurrency-guard").health()).hasValueSatisfying(u -> assertThat(u).hasPath("/health"));
  }

  @Test
  void servingApisDashboardReadsTheLocalTrinosLakeCatalog() {
    PlatformConfig other = PlatformConfig.from(Map.of("OTT_HOME", "/tmp/ott-home-of-test", "OTT_TRINO_PORT", "18080",
        "OTT_LAKE_CATALOG", "lake2"));
    assertThat(Services.find(Services.table(other, ROOT), "serving-api").env())
        .containsEntry("OTT_SERVING_TRINO_URL", "jdbc:trino://127.0.0.1:18080/lake2")
        .containsEntry("OTT_SERVING_TRINO_CATALOG", "lake2");
  }

  @Test
  void theQoeJobHasAMinuteToWriteItsSavepoint() {
    assertThat(Services.find(table, "qoe-job").stopGrace()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void servingApiSecretsAreGeneratedNotWrittenInTheRepository() {
    ServiceDefinition serving = Services.find(table, "serving-api");
    assertThat(serving.secrets()).containsExactly("OTT_SERVING_ACCESS_TOKEN_SECRET", "OTT_SERVING_URL_SIGNING_SECRET");
    assertThat(serving.env()).doesNotContainKeys("OTT_SERVING_ACCESS_TOKEN_SECRET", "OTT_SERVING_URL_SIGNING_SECRET");
    assertThat(serving.prepare()).singleElement().satisfies(p -> assertThat(p.args()).startsWith("db", "migrate"));
  }

  @Test
  void markersAreDistinctSoOneServicesPidIsNeverTakenForAnothers() {
    assertThat(table).extracting(ServiceDefinition::marker).doesNotHaveDuplicates()
        .allSatisfy(m -> assertThat(m).startsWith("-Dott.component="));
  }

  @Test
  void theLaunchersLoggingConfigIsGivenToEveryLog4jServiceOverTheOneInItsJar() {
    ServiceLogging logging = new ServiceLogging(ROOT, Path.of("/tmp/ott-home-of-test"));
    ServiceDefinition qoe = Services.find(table, "qoe-job");
    ServiceDefinition worker = Services.find(table, "media-worker");
    assertThat(ROOT.resolve(worker.module()).resolve("src/main/resources/log4j2.xml"))
        .as("media-pipeline's own (its CLI's short format), which used to win").isRegularFile();
    for (ServiceDefinition s : table) {
      if (s.logging() == ServiceDefinition.Logging.LOG4J2) {
        assertThat(logging.jvmOptions(s)).as(s.name())
            .contains("-Dlog4j2.configurationFile=/tmp/ott-home-of-test/conf/log4j2-service.properties");
      }
    }
    assertThat(table).filteredOn(s -> s.logging() == ServiceDefinition.Logging.LOG4J2).extracting(ServiceDefinition::name)
        .contains("qoe-job", "concurrency-guard", "media-worker");
    assertThat(logging.jvmOptions(qoe)).as("java.util.logging (Liquibase) in the same columns")
        .contains("-Djava.util.logging.config.file=/tmp/ott-home-of-test/conf/jul-qoe-job.properties");
    assertThat(logging.jvmOptions(Services.find(table, "ingest-api"))).as("Dropwizard configures logback from its YAML")
        .isEmpty();
  }

  @Test
  void theQoeJobIsStartedOverOnlyWhenAskedAndTheServingKeyIsKept() {
    ServiceDefinition qoe = Services.find(table, "qoe-job");
    assertThat(qoe.args()).as("a plain start resumes").doesNotContain("--fresh");
    assertThat(qoe.withExtraArgs(List.of("--fresh")).args()).endsWith("--fresh");
    assertThat(qoe.withExtraArgs(List.of("--fresh")).name()).isEqualTo("qoe-job");
    assertThat(Services.find(table, "serving-api").env()).containsKey("OTT_SERVING_PLAYBACK_JWK_FILE");
  }
}
