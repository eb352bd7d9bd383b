package io.ottplatform.serving.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.ottplatform.serving.ServingApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookupFactory;
import org.junit.jupiter.api.Test;

/** The shipped config.yml reads the platform's OTT_ names and is valid with only the secrets given. */
class ConfigYmlTest {

  private static final Path CONFIG_YML = Path.of("config.yml");

  private static ServingConfiguration load(Map<String, String> env) throws Exception {
    Bootstrap<ServingConfiguration> bootstrap = new Bootstrap<>(new ServingApplication());
    // Dropwizard's EnvironmentVariableSubstitutor reads System.getenv; this one reads the map, same syntax
    StringSubstitutor substitutor = new StringSubstitutor(StringLookupFactory.INSTANCE.mapStringLookup(env));
    substitutor.setEnableUndefinedVariableException(false);
    return new YamlConfigurationFactory<>(ServingConfiguration.class, bootstrap.getValidatorFactory().getValidator(),
        bootstrap.getObjectMapper(), "dw")
        .build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor), CONFIG_YML.toString());
  }

  @Test
  void namesOnlyOttVariables() throws Exception {
    assertThat(Files.readAllLines(CONFIG_YML)).filteredOn(line -> !line.trim().startsWith("#"))
        .noneMatch(line -> line.matches(".*\\$\\{(?!OTT_).*"))
        .anyMatch(line -> line.contains("${OTT_KAFKA_BOOTSTRAP:-"));
  }

  @Test
  void namesNoAdminAccount() throws Exception {
    // issue #14: an admin list in the shipped file let anyone who signed up with that address administer
    assertThat(Files.readString(CONFIG_YML)).doesNotContain("adminEmails").doesNotContain("admin@");
  }

  @Test
  void theAdminConnectorListensOnLoopbackAndTheGuardTokenIsTheGuards() throws Exception {
    ServingConfiguration c = load(Map.of("OTT_SERVING_ACCESS_TOKEN_SECRET", "a".repeat(40),
        "OTT_SERVING_URL_SIGNING_SECRET", "b".repeat(40), "OTT_GUARD_TOKEN", "g".repeat(40)));
    var server = (io.dropwizard.core.server.DefaultServerFactory) c.getServerFactory();
    assertThat(server.getAdminConnectors()).allSatisfy(connector -> assertThat(
        ((io.dropwizard.jetty.HttpConnectorFactory) connector).getBindHost()).isEqualTo("127.0.0.1"));
    assertThat(((io.dropwizard.jetty.HttpConnectorFactory) server.getApplicationConnectors().get(0)).getBindHost())
        .isEqualTo("0.0.0.0");
    assertThat(c.getConcurrencyGuard().getToken()).isEqualTo("g".repeat(40));

    ServingConfiguration exposed = load(Map.of("OTT_SERVING_ACCESS_TOKEN_SECRET", "a".repeat(40),
        "OTT_SERVING_URL_SIGNING_SECRET", "b".repeat(40), "OTT_SERVING_ADMIN_BIND_HOST", "10.0.0.5"));
    assertThat(((io.dropwizard.jetty.HttpConnectorFactory) ((io.dropwizard.core.server.DefaultServerFactory)
        exposed.getServerFactory()).getAdminConnectors().get(0)).getBindHost()).isEqualTo("10.0.0.5");
  }

  @Test
  void defaultsFollowThePlatformsConventions() throws Exception {
    ServingConfiguration c = load(Map.of("OTT_SERVING_ACCESS_TOKEN_SECRET", "a".repeat(40),
        "OTT_SERVING_URL_SIGNING_SECRET", "b".repeat(40)));

    assertThat(c.getDatabase().getUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ott");
    assertThat(c.getOutbox().getBootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.getConcurrencyGuard().getTimeout().toJavaDuration()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.getConcurrencyGuard().getWhenUnavailable()).isEqualTo(ConcurrencyGuardConfig.WhenUnavailable.ALLOW);
    assertThat(c.getPlayback().getPublicBaseUrl()).isEqualTo("http://localhost:8090");
    assertThat(c.getAuth().getDeviceVerificationUri()).isEqualTo("http://localhost:8090/activate");
    assertThat(c.getMedia().getUploadDirectory()).isEqualTo(".ott/uploads");
    assertThat(c.getMedia().getMasterKey()).as("empty: media-pipeline's development key file").isEmpty();
    assertThat(c.getMedia().getMasterKeyFile()).isEqualTo(".ott/state/media-pipeline/master.key");
    assertThat(c.getMedia().getEncryption()).isEqualTo("AES_128");
  }

  @Test
  void theWatchPagesIngestUrlIsReadFromItsVariableAndDefaultsToTheLocalIngestApi() throws Exception {
    Map<String, String> secrets = Map.of("OTT_SERVING_ACCESS_TOKEN_SECRET", "a".repeat(40),
        "OTT_SERVING_URL_SIGNING_SECRET", "b".repeat(40));
    assertThat(load(secrets).getWatch().getIngestUrl()).isEqualTo("http://localhost:8081");
    Map<String, String> set = new java.util.HashMap<>(secrets);
    set.put("OTT_SERVING_WATCH_INGEST_URL", "https://ingest.example.com");
    assertThat(load(set).getWatch().getIngestUrl()).isEqualTo("https://ingest.example.com");
  }

  @Test
  void theSharedAndTheServingNamesOverride() throws Exception {
    ServingConfiguration c = load(Map.of("OTT_SERVING_ACCESS_TOKEN_SECRET", "a".repeat(40),
        "OTT_SERVING_URL_SIGNING_SECRET", "b".repeat(40), "OTT_DB_URL", "jdbc:postgresql://db:5432/prod",
        "OTT_KAFKA_BOOTSTRAP", "kafka:9092", "OTT_SERVING_GUARD_URL", "http://guard:8095",
        "OTT_SERVING_GUARD_WHEN_UNAVAILABLE", "DENY", "OTT_SERVING_GUARD_TIMEOUT", "1s"));

    assertThat(c.getDatabase().getUrl()).isEqualTo("jdbc:postgresql://db:5432/prod");
    assertThat(c.getOutbox().getBootstrapServers()).isEqualTo("kafka:9092");
    assertThat(c.getConcurrencyGuard().getUrl()).isEqualTo("http://guard:8095");
    assertThat(c.getConcurrencyGuard().getWhenUnavailable()).isEqualTo(ConcurrencyGuardConfig.WhenUnavailable.DENY);
    assertThat(c.getConcurrencyGuard().getTimeout().toJavaDuration()).isEqualTo(Duration.ofSeconds(1));
  }
}
