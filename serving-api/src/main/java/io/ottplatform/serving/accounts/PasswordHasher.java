package io.ottplatform.serving.accounts;

import io.ottplatform.serving.common.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) password hashes in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, so the cost can rise later
 * and old hashes still verify. Passwords never leave this class in any form but the hash.
 */
public final class PasswordHasher {

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final int HASH_BYTES = 32;

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  /** Verified against when the account does not exist, so timing does not reveal registered e-mails. */
  private final String dummyHash;

  /** Bounds the hashes in flight: each holds memoryKib of memory while it runs. */
  private final java.util.concurrent.Semaphore inFlight;

  public PasswordHasher(int memoryKib, int iterations, int parallelism) {
    this(memoryKib, iterations, parallelism, Integer.MAX_VALUE);
  }

  public PasswordHasher(int memoryKib, int iterations, int parallelism, int maxConcurrent) {
    this.inFlight = new java.util.concurrent.Semaphore(maxConcurrent, true);
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.dummyHash = hash("not-a-real-password-" + Ids.secret());
  }

  public String hash(String password) {
    byte[] salt = Ids.randomBytes(16);
    byte[] out = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
        + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  public boolean verify(String password, String phc) {
    String[] parts = phc.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1])) {
      return false;
    }
    int m = 0;
    int t = 0;
    int p = 0;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=");
      switch (pair[0]) {
        case "m" -> m = Integer.parseInt(pair[1]);
        case "t" -> t = Integer.parseInt(pair[1]);
        case "p" -> p = Integer.parseInt(pair[1]);
        default -> { return false; }
      }
    }
    byte[] salt = B64D.decode(parts[4]);
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, salt, m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Burns the same time as a real verification; always false. */
  public boolean verifyAgainstDummy(String password) {
    verify(password, dummyHash);
    return false;
  }

  private byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    inFlight.acquireUninterruptibly();
    try {
      return deriveNow(password, salt, m, t, p, length);
    } finally {
      inFlight.release();
    }
  }

  private static byte[] deriveNow(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
