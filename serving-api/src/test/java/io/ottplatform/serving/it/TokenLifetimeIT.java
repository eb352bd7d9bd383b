package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.accounts.auth.AccessTokens;
import io.ottplatform.serving.accounts.auth.Role;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access-token keys by kid and the absolute lifetime of a login, against the real service and PostgreSQL. The
 * service is configured in the middle of a rotation: kid {@code k2} is current, {@code k1} (the key of
 * test-config.yml) is kept as previous; a login lasts {@value #LIFETIME_SECONDS} s however often it is refreshed.
 */
class TokenLifetimeIT {

  private static final int LIFETIME_SECONDS = 3;
  private static final String OLD_SECRET = "test-access-token-secret-0123456789abcdef"; // test-config.yml's
  private static final String NEW_SECRET = "rotated-access-token-secret-0123456789abcdef";

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      ServingApp.extension(DB, Path.of("target"),
          ConfigOverride.config("auth.accessTokenKeyId", "k2"),
          ConfigOverride.config("auth.accessTokenSecret", NEW_SECRET),
          ConfigOverride.config("auth.previousAccessTokenKeys", "k1=" + OLD_SECRET),
          ConfigOverride.config("auth.sessionAbsoluteLifetime", LIFETIME_SECONDS + " seconds"));

  private static Api api;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
  }

  @Test
  void tokensOfTheCurrentAndThePreviousKeyAreAcceptedAndAnUnknownKidIs401() throws Exception {
    Session alice = api.signUpAndLogin("rotation@example.com", "phone");
    SignedJWT issued = SignedJWT.parse(alice.accessToken());
    assertThat(issued.getHeader().getKeyID()).as("signed with the current key").isEqualTo("k2");
    assertThat(issued.getJWTClaimsSet().getAudience()).containsExactly("ott-serving");
    UUID family = UUID.fromString(issued.getJWTClaimsSet().getStringClaim("fam"));
    // what an instance still on the old key (k1) issued for the same login, before the rotation reached it
    String fromOldKey = new AccessTokens(OLD_SECRET, "ott-serving-api", Duration.ofMinutes(5), Clock.systemUTC())
        .issue(alice.accountId(), Role.VIEWER, "phone", family);

    assertThat(api.get("/v1/account", alice.accessToken()).status()).isEqualTo(200);
    assertThat(api.get("/v1/account", fromOldKey).status()).as("previous key k1 still verifies").isEqualTo(200);
    Reply unknownKid = api.get("/v1/account", resign(issued.getJWTClaimsSet(), "k0", NEW_SECRET));
    assertThat(unknownKid.status()).as("a kid not in the key set").isEqualTo(401);
    assertThat(unknownKid.body()).asString(StandardCharsets.UTF_8).doesNotContain("Exception");
    assertThat(api.get("/v1/account", resign(issued.getJWTClaimsSet(), "k2", NEW_SECRET)).status())
        .as("control: the same claims under the current kid").isEqualTo(200);
    assertThat(api.get("/v1/account", resign(new JWTClaimsSet.Builder(issued.getJWTClaimsSet())
        .audience("ott-ingest").build(), "k2", NEW_SECRET)).status()).as("another audience").isEqualTo(401);
  }

  @Test
  void aLoginEndsAfterItsAbsoluteLifetimeHoweverOftenItIsRefreshed() {
    Session bob = api.signUpAndLogin("lifetime@example.com", "tv");
    AtomicReference<String> refresh = new AtomicReference<>(bob.refreshToken());
    AtomicReference<String> access = new AtomicReference<>(bob.accessToken());
    AtomicInteger refreshed = new AtomicInteger();

    Reply end = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
      Reply r = api.post("/v1/auth/refresh", null, Map.of("refreshToken", refresh.get()));
      if (r.status() == 200) {
        refresh.set(r.text("refreshToken"));
        access.set(r.text("accessToken"));
        refreshed.incrementAndGet();
      }
      return r;
    }, r -> r.status() != 200);

    assertThat(refreshed.get()).as("refreshed several times before the end").isGreaterThanOrEqualTo(3);
    assertThat(end.status()).isEqualTo(401);
    assertThat(end.text("reason")).isEqualTo("session_lifetime_exceeded");
    assertThat(end.text("message")).contains(LIFETIME_SECONDS + " s");
    assertThat(api.get("/v1/account", access.get()).status()).as("the login is revoked, its access token too")
        .isEqualTo(401);
    Session again = api.login("lifetime@example.com", "tv");
    assertThat(api.get("/v1/account", again.accessToken()).status()).as("a new login works").isEqualTo(200);
  }

  private static String resign(JWTClaimsSet claims, String kid, String secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(kid)
        .build(), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
