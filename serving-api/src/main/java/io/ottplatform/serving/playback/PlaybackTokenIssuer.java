package io.ottplatform.serving.playback;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Issues the ES256 playback token of docs/playback-token.md and publishes the public key as a JWKS
 * for ingest-api. Only this class holds the private key.
 */
public final class PlaybackTokenIssuer {

  public record Issued(String token, Instant expiresAt) {}

  private final ECKey key;
  private final Es256Signer signer;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Clock clock;

  public PlaybackTokenIssuer(ECKey key, String issuer, String audience, Duration ttl, Clock clock) {
    if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate() || key.getKeyID() == null) {
      throw new IllegalArgumentException("the playback token key must be a private P-256 EC JWK with a kid");
    }
    if (ttl.compareTo(PlaybackTokenClaims.MAX_TTL) > 0 || ttl.toSeconds() < 1) {
      throw new IllegalArgumentException("playback.tokenTtl must be between 1 s and "
          + PlaybackTokenClaims.MAX_TTL.toHours() + " h (docs/playback-token.md): " + ttl);
    }
    this.key = key;
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    this.clock = clock;
    try {
      this.signer = new Es256Signer(key); // BouncyCastle: about 5x less CPU per token than the JDK's ECDSA
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable EC key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a private EC JWK file. When {@code file} is empty a key lives only as long as this process; when the file
   * does not exist yet a key is generated and written there (owner-only), so a restarted serving-api signs with the
   * key that ingest-api already trusts instead of invalidating every token in flight.
   */
  public static ECKey loadOrGenerate(String file) {
    try {
      if (file == null || file.isBlank()) {
        return generate();
      }
      Path path = Path.of(file);
      if (!Files.exists(path)) {
        ECKey generated = generate();
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), ".playback-jwk", ".tmp",
            PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, generated.toJSONString());
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        return generated;
      }
      JWK jwk = JWK.parse(Files.readString(path));
      if (!(jwk instanceof ECKey ec)) {
        throw new IllegalArgumentException(file + " holds a " + jwk.getKeyType() + " key, not an EC key");
      }
      return ec;
    } catch (IOException | ParseException | JOSEException e) {
      throw new IllegalArgumentException("cannot load the playback token key from '" + file + "': " + e.getMessage(), e);
    }
  }

  private static ECKey generate() throws JOSEException {
    return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
        .keyID("pb-" + UUID.randomUUID().toString().substring(0, 8)).generate();
  }

  public Issued issue(String profileId, String accountId, String titleId, String sessionId) {
    // the claim set is the contract's (schemas), shared with ingest-api's verifier and the simulator
    PlaybackTokenClaims claims = PlaybackTokenClaims.issue(issuer, audience, profileId, accountId, titleId, sessionId,
        clock.instant(), ttl);
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(PlaybackTokenClaims.ALGORITHM))
          .type(new JOSEObjectType(PlaybackTokenClaims.TYPE)).keyID(key.getKeyID()).build(),
          JWTClaimsSet.parse(claims.toPayload()));
      jwt.sign(signer);
      return new Issued(jwt.serialize(), claims.expiresAt());
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException("cannot sign playback token", e);
    }
  }

  /** The public JWKS document (RFC 7517) for {@code /.well-known/jwks.json}. */
  public Map<String, Object> publicJwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }
}
