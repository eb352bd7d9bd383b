package io.ottplatform.serving.accounts.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
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

  @Test
  void namesItsKeyAndAudienceAndIsNotValidBeforeItWasIssued() throws Exception {
    SignedJWT jwt = SignedJWT.parse(tokens.issue("acc-1", Role.VIEWER, "d", family));

    assertThat(jwt.getHeader().getKeyID()).isEqualTo(AccessTokenKeys.DEFAULT_KID);
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("ott-serving");
    assertThat(jwt.getJWTClaimsSet().getNotBeforeTime().toInstant()).isEqualTo(NOW);
  }

  @Test
  void aRotatedKeyStillVerifiesAsPreviousAndNotOnceDropped() {
    AccessTokens beforeRotation = keyed(AccessTokenKeys.of("k1", SECRET, List.of()));
    AccessTokens duringRotation = keyed(AccessTokenKeys.of("k2", OTHER_SECRET, List.of("k1=" + SECRET)));
    AccessTokens afterRotation = keyed(AccessTokenKeys.of("k2", OTHER_SECRET, List.of()));
    String oldToken = beforeRotation.issue("acc-1", Role.VIEWER, "d", family);
    String newToken = duringRotation.issue("acc-1", Role.VIEWER, "d", family);

    assertThat(duringRotation.verify(oldToken)).as("signed by the previous key").isPresent();
    assertThat(duringRotation.verify(newToken)).isPresent();
    assertThat(afterRotation.verify(newToken)).isPresent();
    assertThat(afterRotation.verify(oldToken)).as("the previous key was dropped").isEmpty();
    assertThat(beforeRotation.verify(newToken)).as("k2 unknown before the rotation").isEmpty();
  }

  @Test
  void refusesAnUnknownOrMissingKidEvenWhenTheSignatureWouldMatch() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(tokens.issue("acc-1", Role.VIEWER, "d", family)).getJWTClaimsSet();

    assertThat(tokens.verify(sign(claims, "k9", SECRET))).as("unknown kid").isEmpty();
    assertThat(tokens.verify(sign(claims, null, SECRET))).as("no kid").isEmpty();
    assertThat(tokens.verify(sign(claims, AccessTokenKeys.DEFAULT_KID, SECRET))).as("control").isPresent();
  }

  @Test
  void refusesAnotherAudienceAndAMissingOne() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(tokens.issue("acc-1", Role.VIEWER, "d", family)).getJWTClaimsSet();

    assertThat(tokens.verify(sign(new JWTClaimsSet.Builder(claims).audience("ott-ingest").build(),
        AccessTokenKeys.DEFAULT_KID, SECRET))).isEmpty();
    assertThat(tokens.verify(sign(new JWTClaimsSet.Builder(claims).audience((String) null).build(),
        AccessTokenKeys.DEFAULT_KID, SECRET))).isEmpty();
  }

  @Test
  void refusesATokenNotValidYetBeyondTheLeewayAndOneWithoutNbf() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(tokens.issue("acc-1", Role.VIEWER, "d", family)).getJWTClaimsSet();

    assertThat(tokens.verify(sign(new JWTClaimsSet.Builder(claims)
        .notBeforeTime(Date.from(NOW.plusSeconds(31))).build(), AccessTokenKeys.DEFAULT_KID, SECRET)))
        .as("nbf 31 s ahead").isEmpty();
    assertThat(tokens.verify(sign(new JWTClaimsSet.Builder(claims)
        .notBeforeTime(Date.from(NOW.plusSeconds(20))).build(), AccessTokenKeys.DEFAULT_KID, SECRET)))
        .as("nbf 20 s ahead: another instance's clock").isPresent();
    assertThat(tokens.verify(sign(new JWTClaimsSet.Builder(claims).notBeforeTime(null).build(),
        AccessTokenKeys.DEFAULT_KID, SECRET))).as("no nbf").isEmpty();
  }

  @Test
  void aBadKeySetIsRefusedNamingTheKidButNeverTheSecret() {
    assertThatThrownBy(() -> AccessTokenKeys.of("k2", OTHER_SECRET, List.of("k1=short-secret", "no-separator", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kid k1").hasMessageContaining("#2 is not kid=secret")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> AccessTokenKeys.of("k1", SECRET, List.of("k1=" + OTHER_SECRET)))
        .hasMessageContaining("kid k1 is listed twice");
  }

  private static final String OTHER_SECRET = "second-secret-second-secret-second-0123";

  private static AccessTokens keyed(AccessTokenKeys keys) {
    return new AccessTokens(keys, "ott-serving-api", "ott-serving", Duration.ofMinutes(10),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String sign(JWTClaimsSet claims, String kid, String secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(kid)
        .build(), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
