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
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
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

  private static final String MASTER = Base64.getEncoder().encodeToString(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
      31, 32});
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir(), ConfigOverride.config("media.masterKey", MASTER),
      ConfigOverride.config("plans.defaultPlan", "standard")); // two screens: the viewer holds both grants at once

  private static Api api;
  private static ContentKeys written;
  /** A title media-pipeline packaged (its keys in media_content_keys), one packaged by hand, and their grants. */
  private static String pipelineTitle;
  private static Reply pipelineGrant;
  private static Reply handGrant;

  @BeforeAll
  static void packagedByThePipeline() throws Exception {
    ServingApp.migrate(APP);
    MediaPipelineMigrations.migrate(DB.jdbcUrl(), DB.user(), DB.password());
    api = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    api.signUpAndLogin("editor@example.com", "cms");
    try (Connection c = DB.connect();
        PreparedStatement ps = c.prepareStatement("UPDATE accounts SET role = 'editor' WHERE email = ?")) {
      ps.setString(1, "editor@example.com");
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    Api.Session editor = api.login("editor@example.com", "cms");
    pipelineTitle = movie(editor, "Pipeline Packaged", "pipeline-title-1");
    String handTitle = movie(editor, "Hand Packaged", "by-hand");
    SecureRandom random = new SecureRandom();
    written = new PostgresKeyStore(DB.jdbcUrl(), DB.user(), DB.password(),
        MasterKey.fromConfig(MASTER, Path.of("unused"), random), random).keysFor(pipelineTitle);
    Api.Session viewer = api.withProfile(api.signUpAndLogin("viewer@example.com", "tv-1"), "Viewer", false);
    pipelineGrant = api.post("/v1/playback", viewer.accessToken(),
        Map.of("profileId", viewer.profileId(), "titleId", pipelineTitle));
    handGrant = api.post("/v1/playback", viewer.accessToken(), Map.of("profileId", viewer.profileId(), "titleId", handTitle));
    assertThat(pipelineGrant.status()).as(pipelineGrant.json().toString()).isEqualTo(200);
    assertThat(handGrant.status()).as(handGrant.json().toString()).isEqualTo(200);
  }

  private static String movie(Api.Session editor, String name, String mediaPath) {
    Reply created = api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("movie", name, "ALL", List.of("Drama"), Api.openIn("DE")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    assertThat(api.put("/v1/admin/titles/" + created.text("id") + "/media", editor.accessToken(),
        Map.of("mediaPath", mediaPath)).status()).isEqualTo(204);
    return created.text("id");
  }

  @Test
  void theHlsKeyIsThePipelinesUnwrappedKeyAndTheTableHoldsOnlyTheWrappedOne() throws Exception {
    Reply key = api.get(relative(pipelineGrant.text("hlsKeyUrl")), null);
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.body()).isEqualTo(written.hlsKey());

    try (Connection c = DB.connect(); ResultSet rs = c.createStatement()
        .executeQuery("SELECT wrapped FROM media_content_keys WHERE title_id = '" + pipelineTitle + "'")) {
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
    Reply license = api.post(relative(pipelineGrant.text("clearKeyLicenseUrl")), null, Map.of("kids", List.of(kid)));
    assertThat(license.status()).isEqualTo(200);
    assertThat(license.json().path("keys").get(0).path("kid").asText()).isEqualTo(kid);
    assertThat(license.json().path("keys").get(0).path("k").asText()).isEqualTo(B64URL.encodeToString(written.cencKey()));
  }

  @Test
  void theTokenChecksStayAndAHandPackagedTitleKeepsItsAssetKey() throws Exception {
    assertThat(api.get("/v1/keys/hls/" + pipelineTitle, null).status()).isEqualTo(403);
    String handQuery = URI.create(handGrant.text("hlsKeyUrl")).getRawQuery();
    assertThat(api.get("/v1/keys/hls/" + pipelineTitle + "?" + handQuery, null).text("reason"))
        .isEqualTo("token_out_of_scope");
    Reply handKey = api.get(relative(handGrant.text("hlsKeyUrl")), null);
    assertThat(handKey.status()).isEqualTo(200);
    assertThat(handKey.body()).hasSize(16).isNotEqualTo(written.hlsKey());
  }

  private static String relative(String url) {
    URI u = URI.create(url);
    return u.getRawPath() + "?" + u.getRawQuery();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ott-origin-");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
