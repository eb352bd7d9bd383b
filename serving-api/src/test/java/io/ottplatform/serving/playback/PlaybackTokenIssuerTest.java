package io.ottplatform.serving.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token a verifier like ingest-api gets, checked only with the published JWKS. */
class PlaybackTokenIssuerTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final PlaybackTokenIssuer issuer = new PlaybackTokenIssuer(PlaybackTokenIssuer.loadOrGenerate(""),
      "ott-serving-api", "ott-ingest", Duration.ofHours(6), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void issuesAnEs256TokenWithTheContractClaimsThatVerifiesAgainstThePublicJwks() throws Exception {
    String token = issuer.issue("prof-1", "acc-1", "tt-1", "5b0c0000-0000-4000-8000-000000000001").token();

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    JWKSet jwks = JWKSet.parse(issuer.publicJwks());
    ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).as("kid resolves in the JWKS").isNotNull();
    assertThat(key.isPrivate()).as("JWKS holds no private part").isFalse();
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();

    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertThat(c.getIssuer()).isEqualTo("ott-serving-api");
    assertThat(c.getAudience()).containsExactly("ott-ingest");
    assertThat(c.getSubject()).isEqualTo("prof-1");
    assertThat(c.getStringClaim("acc")).isEqualTo("acc-1");
    assertThat(c.getStringClaim("tid")).isEqualTo("tt-1");
    assertThat(c.getStringClaim("sid")).isEqualTo("5b0c0000-0000-4000-8000-000000000001");
    assertThat(c.getJWTID()).isNotBlank();
    assertThat(c.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(6)));
    assertThat(c.getIssueTime().toInstant()).isEqualTo(NOW);
    PlaybackTokenClaims contract = PlaybackTokenClaims.fromPayload(c.toJSONObject());
    contract.checkFor(PlaybackTokenClaims.ISSUER, PlaybackTokenClaims.AUDIENCE, NOW, Duration.ZERO);
    assertThat(contract.sessionId()).isEqualTo("5b0c0000-0000-4000-8000-000000000001");
  }

  @Test
  void aTokenSignedByAnotherKeyDoesNotVerifyAgainstOurJwks() throws Exception {
    PlaybackTokenIssuer stranger = new PlaybackTokenIssuer(PlaybackTokenIssuer.loadOrGenerate(""),
        "ott-serving-api", "ott-ingest", Duration.ofHours(6), Clock.fixed(NOW, ZoneOffset.UTC));
    SignedJWT forged = SignedJWT.parse(stranger.issue("prof-1", "acc-1", "tt-1", "s").token());

    ECKey ours = (ECKey) JWKSet.parse(issuer.publicJwks()).getKeys().get(0);
    assertThat(forged.verify(new ECDSAVerifier(ours))).isFalse();
  }

  @Test
  void aMissingKeyFileIsCreatedOnceAndKeptAcrossRestarts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secrets/playback-signing-jwk.json");
    ECKey first = PlaybackTokenIssuer.loadOrGenerate(file.toString());
    ECKey afterRestart = PlaybackTokenIssuer.loadOrGenerate(file.toString());

    assertThat(afterRestart.getKeyID()).as("the restarted service signs with the key ingest already trusts")
        .isEqualTo(first.getKeyID());
    assertThat(afterRestart.toECPrivateKey()).isEqualTo(first.toECPrivateKey());
    assertThat(java.nio.file.Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(PlaybackTokenIssuer.loadOrGenerate("").getKeyID()).as("no file: a key of this process only")
        .isNotEqualTo(first.getKeyID());
  }

  @Test
  void loadsAPrivateJwkFileAndRefusesAnythingElse(@TempDir Path dir) throws Exception {
    ECKey key = PlaybackTokenIssuer.loadOrGenerate("");
    Path file = Files.writeString(dir.resolve("key.jwk"), key.toJSONString());

    assertThat(PlaybackTokenIssuer.loadOrGenerate(file.toString()).getKeyID()).isEqualTo(key.getKeyID());
    Path pub = Files.writeString(dir.resolve("pub.jwk"), key.toPublicJWK().toJSONString());
    assertThatThrownBy(() -> new PlaybackTokenIssuer(PlaybackTokenIssuer.loadOrGenerate(pub.toString()),
        "i", "a", Duration.ofHours(1), Clock.systemUTC())).hasMessageContaining("private P-256");
    assertThatThrownBy(() -> PlaybackTokenIssuer.loadOrGenerate(file.resolve("cannot-be-created").toString()))
        .as("a key file that can neither be read nor created").hasMessageContaining("cannot load");
  }
}
