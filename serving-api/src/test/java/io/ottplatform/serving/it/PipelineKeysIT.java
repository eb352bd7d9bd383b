package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.keys.MediaPipelineMigrations;
import io.ottplatform.media.keys.PostgresKeyStore;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.playback.PlaybackService;
import io.ottplatform.serving.playback.UrlSigner;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The key endpoint serves the keys media-pipeline wrote: media_content_keys created by media-pipeline's own
 * changelog and filled by its PostgresKeyStore (libs/media-keys, the code the worker runs), wrapped under the
 * master key both sides read from OTT_MEDIA_MASTER_KEY.
 */
class PipelineKeysIT {

  private static final String URL_SECRET = "test-url-signing-secret-0123456789abcdef";
  private static final String MASTER = Base64.getEncoder().encodeToString(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
      31, 32});
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir(), ConfigOverride.config("media.masterKey", MASTER));

  private static Api api;
  private static ContentKeys written;

  @BeforeAll
  static void packagedByThePipeline() throws Exception {
    ServingApp.migrate(APP);
    MediaPipelineMigrations.migrate(DB.jdbcUrl(), DB.user(), DB.password());
    SecureRandom random = new SecureRandom();
    written = new PostgresKeyStore(DB.jdbcUrl(), DB.user(), DB.password(),
        MasterKey.fromConfig(MASTER, Path.of("unused"), random), random).keysFor("pipeline-title-1");
    api = new Api(APP);
  }

  @Test
  void theHlsKeyIsThePipelinesUnwrappedKeyAndTheTableHoldsOnlyTheWrappedOne() throws Exception {
    Reply key = api.get("/v1/keys/hls/pipeline-title-1?token=" + token("pipeline-title-1"), null);
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.body()).isEqualTo(written.hlsKey());

    try (Connection c = DB.connect(); ResultSet rs = c.createStatement()
        .executeQuery("SELECT wrapped FROM media_content_keys WHERE title_id = 'pipeline-title-1'")) {
      rs.next();
      byte[] wrapped = rs.getBytes(1);
      assertThat(wrapped.length).isGreaterThan(32);
      assertThat(new String(wrapped, StandardCharsets.ISO_8859_1))
          .doesNotContain(new String(written.hlsKey(), StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void theClearKeyLicenceCarriesTheCencKeyForThePipelinesKid() throws Exception {
    String kid = B64URL.encodeToString(written.kid());
    Reply license = api.post("/v1/keys/clearkey/pipeline-title-1?token=" + token("pipeline-title-1"), null,
        Map.of("kids", List.of(kid)));
    assertThat(license.status()).isEqualTo(200);
    assertThat(license.json().path("keys").get(0).path("kid").asText()).isEqualTo(kid);
    assertThat(license.json().path("keys").get(0).path("k").asText()).isEqualTo(B64URL.encodeToString(written.cencKey()));
  }

  @Test
  void theTokenChecksStay() throws Exception {
    assertThat(api.get("/v1/keys/hls/pipeline-title-1", null).status()).isEqualTo(403);
    assertThat(api.get("/v1/keys/hls/pipeline-title-1?token=" + token("another-title"), null).text("reason"))
        .isEqualTo("token_out_of_scope");
    assertThat(api.get("/v1/keys/hls/never-packaged?token=" + token("never-packaged"), null).status()).isEqualTo(404);
  }

  private static String token(String titleId) {
    return URLEncoder.encode(new UrlSigner(URL_SECRET, Clock.systemUTC())
        .sign(PlaybackService.keyAcl(titleId), Instant.now().plusSeconds(600)), StandardCharsets.UTF_8);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ott-origin-");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
