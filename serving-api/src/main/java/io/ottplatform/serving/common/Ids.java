package io.ottplatform.serving.common;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque identifiers and secrets: a prefix and 96 (ids) or 256 (secrets) random bits. */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Ids() {}

  public static String newId(String prefix) {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return prefix + "-" + B64.encodeToString(b).replace('_', 'x').replace('-', 'y');
  }

  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  public static String secret() {
    return B64.encodeToString(randomBytes(32));
  }
}
