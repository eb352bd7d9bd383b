package io.ottplatform.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.ottplatform.ingest.auth.TokenRejection.Reason;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
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
    PlaybackTokenClaims c = verifierAt(NOW).verify(TOKENS.token("sid-1"));

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
            TestTokens.claims("sid-OTHER", NOW).toJson().getBytes())
        + good.substring(good.lastIndexOf('.'));
    refused(tampered, Reason.BAD_SIGNATURE, "signature");
    refused(new TestTokens("other-kid").token("sid-1"), Reason.UNKNOWN_KEY, "other-kid");
  }

  @Test
  void checksExpiryWithTheAllowedSkewIssuerAudienceAndClaims() {
    String expired = TOKENS.sign(issuedFor(NOW.minusSeconds(7200), Duration.ofSeconds(7200 - 31)));
    refused(expired, Reason.EXPIRED, "expired");
    String withinSkew = TOKENS.sign(issuedFor(NOW.minusSeconds(7200), Duration.ofSeconds(7200 - 29)));
    assertThat(catchNothing(withinSkew)).isTrue();
    refused(TOKENS.sign(PlaybackTokenClaims.issue("evil", TestTokens.AUDIENCE, "p", "a", "t", "s", NOW,
        Duration.ofHours(1))), Reason.WRONG_ISSUER, "evil");
    refused(TOKENS.sign(PlaybackTokenClaims.issue(TestTokens.ISSUER, "other-api", "p", "a", "t", "s", NOW,
        Duration.ofHours(1))), Reason.WRONG_AUDIENCE, "ott-ingest");
    Map<String, Object> noSid = TestTokens.payload("s", NOW);
    noSid.remove("sid");
    refused(TOKENS.sign(noSid), Reason.MISSING_CLAIM, "sid");
    Map<String, Object> numericSid = TestTokens.payload("s", NOW);
    numericSid.put("sid", 42);
    refused(TOKENS.sign(numericSid), Reason.BAD_CLAIMS, "sid claim is not a string");
    refused(TOKENS.sign(TestTokens.claims("s", NOW.plusSeconds(600))), Reason.NOT_YET_VALID, "future");
  }

  @Test
  void aCachedTokenStillExpires() throws Exception {
    String token = TOKENS.sign(issuedFor(NOW, Duration.ofSeconds(60)));
    PlaybackTokenVerifier verifier = verifierAt(NOW);
    verifier.verify(token);
    PlaybackTokenVerifier later = verifierAt(NOW.plusSeconds(120));
    assertThatThrownBy(() -> later.verify(token)).isInstanceOf(TokenRejection.class);
  }

  private static PlaybackTokenClaims issuedFor(Instant iat, Duration ttl) {
    return TestTokens.claims("prof-1", "acc-1", "title-1", "s", iat, ttl);
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
