package io.ottplatform.serving.accounts.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  private static final String SECRET = "unit-test-secret-unit-test-secret-0123";
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final AccessTokens tokens = new AccessTokens(SECRET, "ott-serving-api", Duration.ofMinutes(10),
      Clock.fixed(NOW, ZoneOffset.UTC));
  private final UUID family = UUID.randomUUID();

  @Test
  void roundTripsTheCallersIdentity() {
    String jwt = tokens.issue("acc-1", Role.EDITOR, "tv-1", family);

    assertThat(tokens.verify(jwt)).contains(new AccountPrincipal("acc-1", Role.EDITOR, "tv-1", family));
  }

  @Test
  void refusesExpiredTokensBeyondTheSkew() {
    AccessTokens past = new AccessTokens(SECRET, "ott-serving-api", Duration.ofMinutes(10),
        Clock.fixed(NOW.minus(Duration.ofMinutes(11)), ZoneOffset.UTC));

    assertThat(tokens.verify(past.issue("acc-1", Role.VIEWER, "d", family))).isEmpty();
  }

  @Test
  void refusesTamperedClaimsAndForeignKeys() {
    String jwt = tokens.issue("acc-1", Role.VIEWER, "d", family);
    String[] parts = jwt.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"viewer\"", "\"admin\"");
    String tampered = parts[0] + "." + b64(claims) + "." + parts[2];

    assertThat(tokens.verify(tampered)).isEmpty();
    AccessTokens other = new AccessTokens("another-secret-another-secret-0123456", "ott-serving-api",
        Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(tokens.verify(other.issue("acc-1", Role.ADMIN, "d", family))).isEmpty();
  }

  @Test
  void refusesAlgNoneAndOtherAlgorithms() {
    String jwt = tokens.issue("acc-1", Role.VIEWER, "d", family);
    String claims = jwt.split("\\.")[1];

    assertThat(tokens.verify(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".")).isEmpty();
    assertThat(tokens.verify(b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + claims + "." + jwt.split("\\.")[2])).isEmpty();
    assertThat(tokens.verify("not.a.jwt")).isEmpty();
    assertThat(tokens.verify("")).isEmpty();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
