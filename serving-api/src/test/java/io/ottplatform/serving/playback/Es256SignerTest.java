package io.ottplatform.serving.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.HexFormat;
import java.util.UUID;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class Es256SignerTest {

  @Test
  void matchesTheRfc6979TestVectorForP256WithSha256() throws Exception {
    // RFC 6979 A.2.5: private key x, message "sample", SHA-256 → deterministic k, so (r, s) are fixed
    ECKey key = p256Key("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
        "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6",
        "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
    byte[] signature = new Es256Signer(key).sign(new JWSHeader(JWSAlgorithm.ES256),
        "sample".getBytes(StandardCharsets.US_ASCII)).decode();
    assertThat(HexFormat.of().withUpperCase().formatHex(signature)).isEqualTo(
        "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
            + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
  }

  @Test
  void everyTokenVerifiesWithTheJdkAgainstThePublicKeyAndNotAgainstAnother() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    Es256Signer signer = new Es256Signer(key);
    for (int i = 0; i < 200; i++) { // fixed-length R || S must hold for the R and S with leading zero bytes too
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
          new JWTClaimsSet.Builder().subject("prof-" + i).jwtID(UUID.randomUUID().toString()).build());
      jwt.sign(signer);
      SignedJWT parsed = SignedJWT.parse(jwt.serialize());
      assertThat(parsed.getSignature().decode()).hasSize(64);
      assertThat(parsed.verify(new ECDSAVerifier(key.toPublicJWK()))).as("token %d", i).isTrue();
      assertThat(parsed.verify(new ECDSAVerifier(other.toPublicJWK()))).isFalse();
    }
  }

  @Test
  void refusesOtherAlgorithmsAndPublicKeys() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    assertThatThrownBy(() -> new Es256Signer(key).sign(new JWSHeader(JWSAlgorithm.ES384), new byte[1]))
        .isInstanceOf(JOSEException.class).hasMessageContaining("ES384");
    assertThatThrownBy(() -> new Es256Signer(key.toPublicJWK())).isInstanceOf(JOSEException.class);
  }

  private static ECKey p256Key(String dHex, String xHex, String yHex) throws Exception {
    BigInteger d = new BigInteger(dHex, 16);
    ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
        new ECPoint(new BigInteger(xHex, 16), new BigInteger(yHex, 16)), Curve.P_256.toECParameterSpec()));
    return new ECKey.Builder(Curve.P_256, pub).d(Base64URL.encode(BigIntegers.asUnsignedByteArray(32, d))).build();
  }
}
