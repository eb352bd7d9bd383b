package io.ottplatform.ingest.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.ottplatform.ingest.auth.TokenRejection.Reason;
import io.ottplatform.schemas.token.InvalidPlaybackToken;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Verifies playback tokens as docs/playback-token.md specifies: ES256 only (so {@code alg: none}, HS256
 * and the rest are refused before any key is looked at), the key chosen by {@code kid} from the JWKS; the
 * claims are then read and checked by the contract's {@link PlaybackTokenClaims} (issuer, audience,
 * {@code exp}/{@code iat} with the allowed clock skew), the class serving-api issues them with.
 *
 * <p>A verified token is remembered until it expires: an SDK posts the same token every 10 s, and an
 * ECDSA verification costs more than the rest of the request.
 */
public final class PlaybackTokenVerifier {

  private static final int MAX_TOKEN_LENGTH = 4096;

  private final JWKSource<SecurityContext> keys;
  private final String issuer;
  private final String audience;
  private final Duration skew;
  private final Clock clock;
  private final Cache<String, PlaybackTokenClaims> verified;

  public PlaybackTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Duration skew,
                               Clock clock, long cacheSize) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.skew = skew;
    this.clock = clock;
    this.verified = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(Duration.ofHours(1)).build();
  }

  public PlaybackTokenClaims verify(String token) throws TokenRejection {
    if (token == null || token.isBlank()) {
      throw new TokenRejection(Reason.MISSING,
          "no playback token: send 'Authorization: Bearer <token>' or {\"token\": ..., \"events\": [...]}");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new TokenRejection(Reason.MALFORMED, "the playback token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    PlaybackTokenClaims known = verified.getIfPresent(token);
    if (known != null) {
      checkExpiry(known);
      return known;
    }
    PlaybackTokenClaims claims = verifyUncached(token);
    verified.put(token, claims);
    return claims;
  }

  private PlaybackTokenClaims verifyUncached(String token) throws TokenRejection {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new TokenRejection(Reason.MALFORMED, "the playback token is not a JWT: " + e.getMessage());
    }
    if (jwt instanceof PlainJWT) {
      throw new TokenRejection(Reason.ALGORITHM, "the playback token is unsigned (alg none); only ES256 is accepted");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new TokenRejection(Reason.ALGORITHM, "the playback token is encrypted, not signed; only ES256 is accepted");
    }
    JWSHeader header = signed.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
      throw new TokenRejection(Reason.ALGORITHM,
          "the playback token is signed with " + header.getAlgorithm() + "; only ES256 is accepted");
    }
    ECKey key = key(header.getKeyID());
    try {
      if (!signed.verify(new ECDSAVerifier(key))) {
        throw new TokenRejection(Reason.BAD_SIGNATURE, "the playback token's signature does not verify");
      }
    } catch (JOSEException e) {
      throw new TokenRejection(Reason.BAD_SIGNATURE, "the playback token's signature cannot be checked: " + e.getMessage());
    }
    PlaybackTokenClaims claims;
    try {
      claims = PlaybackTokenClaims.fromPayload(signed.getJWTClaimsSet().toJSONObject());
      claims.checkFor(issuer, audience, clock.instant(), skew);
    } catch (ParseException e) {
      throw new TokenRejection(Reason.MALFORMED, "the playback token's claims are not JSON: " + e.getMessage());
    } catch (InvalidPlaybackToken e) {
      throw new TokenRejection(reason(e.reason()), e.getMessage());
    }
    return claims;
  }

  private static Reason reason(InvalidPlaybackToken.Reason contract) {
    return switch (contract) {
      case MISSING_CLAIM -> Reason.MISSING_CLAIM;
      case BAD_CLAIMS -> Reason.BAD_CLAIMS;
      case WRONG_ISSUER -> Reason.WRONG_ISSUER;
      case WRONG_AUDIENCE -> Reason.WRONG_AUDIENCE;
      case EXPIRED -> Reason.EXPIRED;
      case NOT_YET_VALID -> Reason.NOT_YET_VALID;
    };
  }

  private void checkExpiry(PlaybackTokenClaims claims) throws TokenRejection {
    try {
      claims.checkTime(clock.instant(), skew);
    } catch (InvalidPlaybackToken e) {
      throw new TokenRejection(reason(e.reason()), e.getMessage());
    }
  }

  private ECKey key(String kid) throws TokenRejection {
    if (kid == null) {
      throw new TokenRejection(Reason.UNKNOWN_KEY, "the playback token's header has no kid");
    }
    List<JWK> found;
    try {
      found = keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).keyType(KeyType.EC).build()), null);
    } catch (Exception e) {
      throw new TokenRejection(Reason.UNKNOWN_KEY, "the signing keys cannot be loaded: " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new TokenRejection(Reason.UNKNOWN_KEY, "no EC key with kid " + kid + " in the JWKS");
    }
    return (ECKey) found.get(0);
  }

}
