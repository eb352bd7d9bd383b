package io.ottplatform.ingest.support;

import com.nimbusds.jose.JOSEException;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** A signing key like serving-api's, its JWKS, and tokens good and bad, for tests. */
public final class TestTokens {

  public static final String ISSUER = "ott-serving-api";
  public static final String AUDIENCE = "ott-ingest";

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

  public static JWTClaimsSet.Builder claims(String sid, Instant now) {
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("prof-1").claim("acc", "acc-1")
        .claim("tid", "title-1").claim("sid", sid).issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(6 * 3600))).jwtID(UUID.randomUUID().toString());
  }

  public String token(String sid) {
    return sign(claims(sid, Instant.now()).build());
  }

  public String sign(JWTClaimsSet claims) {
    return sign(claims, key);
  }

  /** Same kid, another key: what a forger would make. */
  public String forged(String sid) {
    return sign(claims(sid, Instant.now()).build(), stranger);
  }

  public static String unsigned(String sid) {
    return new PlainJWT(claims(sid, Instant.now()).build()).serialize();
  }

  public static String hs256(String sid) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("dev-1").build(),
          claims(sid, Instant.now()).build());
      jwt.sign(new MACSigner(new byte[32]));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(JWTClaimsSet claims, ECKey with) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
