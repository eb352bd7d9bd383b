package io.ottplatform.ingest.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signing key like serving-api's, its JWKS, and tokens good and bad, for tests. The claims always come
 * from the contract's {@link PlaybackTokenClaims}, as serving-api's; only the key is the test's own.
 */
public final class TestTokens {

  public static final String ISSUER = PlaybackTokenClaims.ISSUER;
  public static final String AUDIENCE = PlaybackTokenClaims.AUDIENCE;

  private final ECKey key;
  private final ECKey stranger;

  public TestTokens(String kid) {
    try {
      this.key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
      this.stranger = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public JWKSet publicJwks() {
    return new JWKSet(key.toPublicJWK());
  }

  public Path writeJwks(Path dir) {
    try {
      Path file = dir.resolve("jwks.json");
      Files.writeString(file, publicJwks().toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The claims serving-api would issue at {@code now} for session {@code sid} of a fixed viewer and title. */
  public static PlaybackTokenClaims claims(String sid, Instant now) {
    return claims("prof-1", "acc-1", "title-1", sid, now, PlaybackTokenClaims.DEFAULT_TTL);
  }

  public static PlaybackTokenClaims claims(String profileId, String accountId, String titleId, String sid, Instant now,
                                           Duration ttl) {
    return PlaybackTokenClaims.issue(ISSUER, AUDIENCE, profileId, accountId, titleId, sid, now, ttl);
  }

  /** A claim set's payload to edit into one the contract refuses (another issuer, a claim removed). */
  public static Map<String, Object> payload(String sid, Instant now) {
    return new LinkedHashMap<>(claims(sid, now).toPayload());
  }

  public String token(String sid) {
    return sign(claims(sid, Instant.now()));
  }

  public String sign(PlaybackTokenClaims claims) {
    return sign(claims.toPayload(), key);
  }

  /** Signs a payload as it is, even one that breaks the contract. */
  public String sign(Map<String, Object> payload) {
    return sign(payload, key);
  }

  /** Same kid, another key: what a forger would make. */
  public String forged(String sid) {
    return sign(claims(sid, Instant.now()).toPayload(), stranger);
  }

  public static String unsigned(String sid) {
    return new PlainJWT(jwtClaims(claims(sid, Instant.now()).toPayload())).serialize();
  }

  public static String hs256(String sid) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("dev-1").build(),
          jwtClaims(claims(sid, Instant.now()).toPayload()));
      jwt.sign(new MACSigner(new byte[32]));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(Map<String, Object> payload, ECKey with) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(PlaybackTokenClaims.ALGORITHM))
          .type(new JOSEObjectType(PlaybackTokenClaims.TYPE)).keyID(with.getKeyID()).build(), jwtClaims(payload));
      jwt.sign(new ECDSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWTClaimsSet jwtClaims(Map<String, Object> payload) {
    try {
      return JWTClaimsSet.parse(payload);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWT claim set: " + payload, e);
    }
  }
}
