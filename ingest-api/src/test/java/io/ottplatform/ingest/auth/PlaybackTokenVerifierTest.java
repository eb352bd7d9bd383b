package io.ottplatform.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.ottplatform.ingest.auth.TokenRejection.Reason;
import io.ottplatform.ingest.support.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

class PlaybackTokenVerifierTest {

  static final TestTokens TOKENS = new TestTokens("k1");
  static final Instant NOW = Instant.now();

  static PlaybackTokenVerifier verifierAt(Instant now) {
    return new PlaybackTokenVerifier(new ImmutableJWKSet<>(TOKENS.publicJwks()), TestTokens.ISSUER,
        TestTokens.AUDIENCE, Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC), 100);
  }

  static void refused(String token, Reason reason, String message) {
    assertThatThrownBy(() -> verifierAt(NOW).verify(token))
        .isInstanceOfSatisfying(TokenRejection.class, r -> {
          assertThat(r.reason()).isEqualTo(reason);
          assertThat(r.status()).isEqualTo(401);
        })
        .hasMessageContaining(message);
  }

  @Test
  void aGoodTokenGivesTheIdsOfTheView() throws Exception {
    TokenClaims c = verifierAt(NOW).verify(TOKENS.token("sid-1"));

    assertThat(c.sessionId()).isEqualTo("sid-1");
    assertThat(c.accountId()).isEqualTo("acc-1");
    assertThat(c.profileId()).isEqualTo("prof-1");
    assertThat(c.titleId()).isEqualTo("title-1");
  }

  @Test
  void refusesEveryAlgorithmButEs256() {
    refused(TestTokens.unsigned("sid-1"), Reason.ALGORITHM, "alg none");
    refused(TestTokens.hs256("sid-1"), Reason.ALGORITHM, "HS256");
  }

  @Test
  void refusesForgedMalformedAndMissingTokens() {
    refused(TOKENS.forged("sid-1"), Reason.BAD_SIGNATURE, "signature does not verify");
    refused("not.a.jwt", Reason.MALFORMED, "not a JWT");
    refused(null, Reason.MISSING, "no playback token");
    String good = TOKENS.token("sid-1");
    String tampered = good.substring(0, good.indexOf('.') + 1)
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
            TestTokens.claims("sid-OTHER", NOW).build().toString().getBytes())
        + good.substring(good.lastIndexOf('.'));
    refused(tampered, Reason.BAD_SIGNATURE, "signature");
    refused(new TestTokens("other-kid").token("sid-1"), Reason.UNKNOWN_KEY, "other-kid");
  }

  @Test
  void checksExpiryWithTheAllowedSkewIssuerAudienceAndClaims() {
    String expired = TOKENS.sign(TestTokens.claims("s", NOW.minusSeconds(7200))
        .expirationTime(Date.from(NOW.minusSeconds(31))).build());
    refused(expired, Reason.EXPIRED, "expired");
    String withinSkew = TOKENS.sign(TestTokens.claims("s", NOW.minusSeconds(7200))
        .expirationTime(Date.from(NOW.minusSeconds(29))).build());
    assertThat(catchNothing(withinSkew)).isTrue();
    refused(TOKENS.sign(TestTokens.claims("s", NOW).issuer("evil").build()), Reason.WRONG_ISSUER, "evil");
    refused(TOKENS.sign(TestTokens.claims("s", NOW).audience("other-api").build()), Reason.WRONG_AUDIENCE, "ott-ingest");
    refused(TOKENS.sign(TestTokens.claims("s", NOW).claim("sid", null).build()), Reason.MISSING_CLAIM, "sid");
    refused(TOKENS.sign(TestTokens.claims("s", NOW.plusSeconds(600)).build()), Reason.NOT_YET_VALID, "future");
  }

  @Test
  void aCachedTokenStillExpires() throws Exception {
    String token = TOKENS.sign(TestTokens.claims("s", NOW).expirationTime(Date.from(NOW.plusSeconds(60))).build());
    PlaybackTokenVerifier verifier = verifierAt(NOW);
    verifier.verify(token);
    PlaybackTokenVerifier later = verifierAt(NOW.plusSeconds(120));
    assertThatThrownBy(() -> later.verify(token)).isInstanceOf(TokenRejection.class);
  }

  private static boolean catchNothing(String token) {
    try {
      verifierAt(NOW).verify(token);
      return true;
    } catch (TokenRejection e) {
      return false;
    }
  }
}
