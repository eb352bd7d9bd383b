package io.ottplatform.simulator.token;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A development key pair for playback tokens: the private key as PKCS#8 PEM (for the simulator, or
 * serving-api in a local run) and the public key as a JWKS document (ingest's {@code playbackToken.jwksFile}).
 */
public final class DevKeys {

  public static final String PRIVATE_KEY_FILE = "playback-token-private.pem";
  public static final String JWKS_FILE = "playback-token-jwks.json";

  private DevKeys() {}

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys: " + e.getMessage(), e);
    }
  }

  /** Writes both files into {@code dir}; returns the private key's path. */
  public static Path write(KeyPair pair, String kid, Path dir) throws IOException {
    Files.createDirectories(dir);
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Path privateKey = dir.resolve(PRIVATE_KEY_FILE);
    Files.writeString(privateKey, pem);
    Files.writeString(dir.resolve(JWKS_FILE), jwks((ECPublicKey) pair.getPublic(), kid));
    return privateKey;
  }

  /** The JWKS (RFC 7517) holding one P-256 public key. */
  public static String jwks(ECPublicKey key, String kid) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"" + kid
        + "\",\"x\":\"" + b64.encodeToString(coordinate(key.getW().getAffineX()))
        + "\",\"y\":\"" + b64.encodeToString(coordinate(key.getW().getAffineY())) + "\"}]}\n";
  }

  /** A coordinate as exactly 32 big-endian bytes (RFC 7518 6.2.1.2). */
  private static byte[] coordinate(BigInteger value) {
    byte[] raw = value.toByteArray(); // may carry a leading sign byte, or be shorter
    byte[] out = new byte[32];
    int copy = Math.min(32, raw.length);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

}
