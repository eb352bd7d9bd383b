package io.ottplatform.e2e.sdk;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.ingest.IngestApplication;
import io.ottplatform.ingest.IngestConfiguration;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;

/**
 * The real ingest-api as the SDK browser tests need it ({@code sdk-ingest-config.yml}): on the test's Kafka broker,
 * verifying playback tokens against the JWKS of a key made for the test, and answering CORS for the test page's
 * origin (it answers listed origins only). {@link #mint} signs the grants' tokens with that key.
 */
public final class SdkIngest implements AutoCloseable {

  private final DropwizardAppExtension<IngestConfiguration> app;
  private final PlaybackTokenMinter minter;

  private SdkIngest(DropwizardAppExtension<IngestConfiguration> app, PlaybackTokenMinter minter) {
    this.app = app;
    this.minter = minter;
  }

  /** Writes the JWKS of a new key (id {@code kid}) into {@code dir} and starts ingest-api. */
  public static SdkIngest start(Path dir, String kid, String bootstrapServers, String pageOrigin) throws Exception {
    KeyPair keys = DevKeys.generate();
    Path jwks = Files.writeString(Files.createDirectories(dir).resolve("jwks.json"),
        DevKeys.jwks((ECPublicKey) keys.getPublic(), kid));
    DropwizardAppExtension<IngestConfiguration> app = new DropwizardAppExtension<>(IngestApplication.class,
        ResourceHelpers.resourceFilePath("sdk-ingest-config.yml"),
        ConfigOverride.config("kafka.bootstrapServers", bootstrapServers),
        ConfigOverride.config("playbackToken.jwksFile", jwks.toString()),
        ConfigOverride.config("cors.allowedOrigins", pageOrigin));
    app.before();
    return new SdkIngest(app, new PlaybackTokenMinter(keys.getPrivate(), kid, PlaybackTokenClaims.ISSUER,
        PlaybackTokenClaims.AUDIENCE, Duration.ofHours(1), Clock.systemUTC()));
  }

  /** A playback token as serving-api's grant gives it, for one view (session). */
  public String mint(String sessionId, String account, String profile, String title) {
    return minter.mint(sessionId, account, profile, title);
  }

  /** The page parameters naming this ingest-api and a token: {@code &ingest=...&token=...}. */
  public String pageParams(String token) {
    return "&ingest=" + URLEncoder.encode("http://127.0.0.1:" + app.getLocalPort(), StandardCharsets.UTF_8)
        + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    app.after();
  }
}
