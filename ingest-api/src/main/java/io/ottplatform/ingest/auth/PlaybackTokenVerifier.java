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
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.ottplatform.ingest.auth.TokenRejection.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Verifies playback tokens as docs/playback-token.md specifies: ES256 only (so {@code alg: none}, HS256
 * and the rest are refused before any key is looked at), the key chosen by {@code kid} from the JWKS,
 * issuer and audience checked, {@code exp}/{@code iat} with the allowed clock skew.
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
  private final Cache<String, TokenClaims> verified;

  public PlaybackTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Duration skew,
                               Clock clock, long cacheSize) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.skew = skew;
    this.clock = clock;
    this.verified = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(Duration.ofHours(1)).build();
  }

  public TokenClaims verify(String token) throws TokenRejection {
    if (token == null || token.isBlank()) {
      throw new TokenRejection(Reason.MISSING,
          "no playback token: send 'Authorization: Bearer <token>' or {\"token\": ..., \"events\": [...]}");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new TokenRejection(Reason.MALFORMED, "the playback token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    TokenClaims known = verified.getIfPresent(token);
    if (known != null) {
      checkExpiry(known.expiresAt());
      return known;
    }
    TokenClaims claims = verifyUncached(token);
    verified.put(token, claims);
    return claims;
  }

  private TokenClaims verifyUncached(String token) throws TokenRejection {
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
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new TokenRejection(Reason.MALFORMED, "the playback token's claims are not JSON: " + e.getMessage());
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new TokenRejection(Reason.WRONG_ISSUER,
          "the playback token's issuer is " + claims.getIssuer() + ", expected " + issuer);
    }
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(audience)) {
      throw new TokenRejection(Reason.WRONG_AUDIENCE,
          "the playback token's audience " + aud + " does not contain " + audience);
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new TokenRejection(Reason.MISSING_CLAIM, "the playback token has no exp");
    }
    checkExpiry(exp.toInstant());
    Date iat = claims.getIssueTime();
    if (iat != null && iat.toInstant().isAfter(clock.instant().plus(skew))) {
      throw new TokenRejection(Reason.NOT_YET_VALID, "the playback token is issued in the future: iat " + iat.toInstant());
    }
    return new TokenClaims(required(claims, "sid"), required(claims, "acc"), required(claims, "sub"),
        required(claims, "tid"), exp.toInstant(), claims.getJWTID());
  }

  private void checkExpiry(Instant expiresAt) throws TokenRejection {
    if (clock.instant().minus(skew).isAfter(expiresAt)) {
      throw new TokenRejection(Reason.EXPIRED, "the playback token expired at " + expiresAt);
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

  private static String required(JWTClaimsSet claims, String name) throws TokenRejection {
    Object value = claims.getClaim(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new TokenRejection(Reason.MISSING_CLAIM, "the playback token has no " + name + " claim");
    }
    return s;
  }
}
