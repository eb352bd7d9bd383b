package io.ottplatform.schemas.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.schemas.token.InvalidPlaybackToken.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybackTokenClaimsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.750Z");
  private static final Duration SKEW = PlaybackTokenClaims.DEFAULT_CLOCK_SKEW;

  private static PlaybackTokenClaims issued() {
    return PlaybackTokenClaims.issue(PlaybackTokenClaims.ISSUER, PlaybackTokenClaims.AUDIENCE, "prof-1", "acc-1",
        "tt-1", "5b0c0000-0000-4000-8000-000000000001", NOW, PlaybackTokenClaims.DEFAULT_TTL);
  }

  @Test
  void issuesWholeSecondsAndAFreshTokenId() {
    PlaybackTokenClaims c = issued();
    assertThat(c.issuedAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-11-25T18:00:00Z"));
    assertThat(c.tokenId()).isNotBlank().isNotEqualTo(issued().tokenId());
  }

  @Test
  void thePayloadHasTheDocumentedClaimsAndReadsBackEqual() {
    PlaybackTokenClaims c = issued();
    Map<String, Object> payload = c.toPayload();
    assertThat(payload).containsOnlyKeys("iss", "aud", "sub", "acc", "tid", "sid", "iat", "exp", "jti");
    assertThat(payload).containsEntry("aud", "ott-ingest").containsEntry("sub", "prof-1")
        .containsEntry("iat", 1795608000L);
    assertThat(PlaybackTokenClaims.fromPayload(payload)).isEqualTo(c);
    assertThat(c.toJson()).startsWith("{\"iss\":\"ott-serving-api\",\"aud\":\"ott-ingest\",\"sub\":\"prof-1\"")
        .contains("\"iat\":1795608000,\"exp\":1795629600");
  }

  @Test
  void jsonEscapesWhatAnIdMayHold() {
    PlaybackTokenClaims c = PlaybackTokenClaims.issue("iss", "aud", "a\"b\\c", "acc", "tt", "sid", NOW,
        Duration.ofHours(1));
    assertThat(c.toJson()).contains("\"sub\":\"a\\\"b\\\\c\"");
    assertThat(PlaybackTokenClaims.headerJson("k\"1")).isEqualTo("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k\\\"1\"}");
  }

  @Test
  void anAudienceListIsAccepted() {
    Map<String, Object> payload = new HashMap<>(issued().toPayload());
    payload.put("aud", List.of("other", "ott-ingest"));
    PlaybackTokenClaims c = PlaybackTokenClaims.fromPayload(payload);
    assertThat(c.audience()).containsExactly("other", "ott-ingest");
    c.checkFor(PlaybackTokenClaims.ISSUER, PlaybackTokenClaims.AUDIENCE, NOW, SKEW);
  }

  @Test
  void aMissingOrMistypedClaimIsNamed() {
    Map<String, Object> payload = new HashMap<>(issued().toPayload());
    payload.remove("sid");
    assertThatThrownBy(() -> PlaybackTokenClaims.fromPayload(payload))
        .isInstanceOfSatisfying(InvalidPlaybackToken.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM))
        .hasMessageContaining("no sid claim");
    payload.put("sid", " ");
    assertThatThrownBy(() -> PlaybackTokenClaims.fromPayload(payload))
        .isInstanceOfSatisfying(InvalidPlaybackToken.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM));
    payload.put("sid", 42);
    assertThatThrownBy(() -> PlaybackTokenClaims.fromPayload(payload))
        .isInstanceOfSatisfying(InvalidPlaybackToken.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CLAIMS))
        .hasMessageContaining("sid claim is not a string: 42");
    payload.put("sid", "s".repeat(129));
    assertThatThrownBy(() -> PlaybackTokenClaims.fromPayload(payload)).hasMessageContaining("sid is longer than 128");
  }

  @Test
  void lifetimeRules() {
    assertThatThrownBy(() -> PlaybackTokenClaims.issue("i", "a", "p", "acc", "t", "s", NOW, Duration.ofHours(25)))
        .hasMessageContaining("ttl must be between 1 s and 24 h: PT25H");
    Map<String, Object> payload = new HashMap<>(issued().toPayload());
    payload.put("exp", payload.get("iat"));
    assertThatThrownBy(() -> PlaybackTokenClaims.fromPayload(payload)).hasMessageContaining("exp must be after iat");
  }

  @Test
  void verifierChecksIssuerAudienceAndTimeWithSkew() {
    PlaybackTokenClaims c = issued();
    assertThatThrownBy(() -> c.checkFor("someone-else", "ott-ingest", NOW, SKEW))
        .isInstanceOfSatisfying(InvalidPlaybackToken.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ISSUER));
    assertThatThrownBy(() -> c.checkFor("ott-serving-api", "ott-other", NOW, SKEW))
        .isInstanceOfSatisfying(InvalidPlaybackToken.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_AUDIENCE));
    c.checkTime(c.expiresAt().plus(SKEW), SKEW);
    assertThatThrownBy(() -> c.checkTime(c.expiresAt().plus(SKEW).plusSeconds(1), SKEW))
        .isInstanceOfSatisfying(InvalidPlaybackToken.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    c.checkTime(c.issuedAt().minus(SKEW), SKEW);
    assertThatThrownBy(() -> c.checkTime(c.issuedAt().minus(SKEW).minusSeconds(1), SKEW))
        .isInstanceOfSatisfying(InvalidPlaybackToken.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
  }
}
