package io.ottplatform.simulator.token;

import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.simulator.SimulatedView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Mints playback tokens the way serving-api does (docs/playback-token.md): an ES256 JWS over the contract's
 * {@link PlaybackTokenClaims}. For runs without a serving-api (benchmarks, tests, {@code --token-key}); the
 * demo gets every token from serving-api's grant instead ({@code --serving}). In production only serving-api
 * holds the private key.
 */
public final class PlaybackTokenMinter {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final PrivateKey key;
  private final String kid;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Clock clock;

  public PlaybackTokenMinter(PrivateKey key, String kid, String issuer, String audience, Duration ttl, Clock clock) {
    if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("an ES256 token needs a P-256 EC private key, not " + key.getAlgorithm());
    }
    this.key = key;
    this.kid = kid;
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Reads a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) P-256 key. */
  public static PrivateKey readPrivateKey(Path pem) {
    try {
      String text = Files.readString(pem, StandardCharsets.US_ASCII);
      if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
        throw new IllegalArgumentException(pem + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
      }
      String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the token key " + pem + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot parse the token key " + pem + ": " + e.getMessage(), e);
    }
  }

  public String mint(SimulatedView view) {
    return mint(view.sessionId(), view.accountId(), view.profileId(), view.titleId());
  }

  public String mint(String sessionId, String accountId, String profileId, String titleId) {
    PlaybackTokenClaims claims = PlaybackTokenClaims.issue(issuer, audience, profileId, accountId, titleId, sessionId,
        clock.instant(), ttl);
    String signingInput = B64.encodeToString(PlaybackTokenClaims.headerJson(kid).getBytes(StandardCharsets.UTF_8))
        + "." + B64.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8));
    try {
      // JWS wants the raw R||S pair (RFC 7518 3.4), which is what the P1363 format gives
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a playback token: " + e.getMessage(), e);
    }
  }
}
