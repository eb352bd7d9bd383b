package io.ottplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybackTokenMinterTest {

  @Test
  void mintsAnEs256TokenWithTheContractClaimsFromAKeyWrittenByKeygen(@TempDir Path dir) throws Exception {
    KeyPair pair = DevKeys.generate();
    Path pem = DevKeys.write(pair, "k1", dir);
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_795_000_000L), ZoneOffset.UTC);
    PlaybackTokenMinter minter = new PlaybackTokenMinter(PlaybackTokenMinter.readPrivateKey(pem), "k1",
        "ott-serving-api", "ott-ingest", Duration.ofHours(6), clock);

    String token = minter.mint("sid-1", "acc-1", "prof-1", "title-1");

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    Base64.Decoder b64 = Base64.getUrlDecoder();
    assertThat(new String(b64.decode(parts[0]), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k1\"}");
    assertThat(new String(b64.decode(parts[1]), StandardCharsets.UTF_8)).startsWith(
        "{\"iss\":\"ott-serving-api\",\"aud\":\"ott-ingest\",\"sub\":\"prof-1\",\"acc\":\"acc-1\",\"tid\":\"title-1\","
            + "\"sid\":\"sid-1\",\"iat\":1795000000,\"exp\":1795021600,\"jti\":\"");
    Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
    verify.initVerify(pair.getPublic());
    verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verify.verify(b64.decode(parts[2]))).isTrue();
    assertThat(b64.decode(parts[2])).as("raw R||S, 64 bytes").hasSize(64);

    String jwks = Files.readString(dir.resolve(DevKeys.JWKS_FILE));
    assertThat(jwks).contains("\"kty\":\"EC\"", "\"crv\":\"P-256\"", "\"kid\":\"k1\"");
  }
}
