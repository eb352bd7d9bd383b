package io.ottplatform.media.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption: content keys rest only wrapped under this master key (AES-256-GCM, a fresh 96-bit nonce
 * per wrap, the title id as associated data so a wrapped key moved to another title does not unwrap). The master
 * key comes from config ({@code OTT_MEDIA_MASTER_KEY}, base64 of 32 bytes) or, for development, a key file
 * created once with owner-only permissions. In production a KMS would hold it; this class is the seam.
 */
public final class MasterKey {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random;

  public MasterKey(byte[] key, SecureRandom random) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the master key must be 32 bytes (AES-256), got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.random = random;
  }

  /** From base64 config; blank means the development key file (created on first use). */
  public static MasterKey fromConfig(String base64, Path devKeyFile, SecureRandom random) {
    if (base64 != null && !base64.isBlank()) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(base64.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the master key is not base64: " + e.getMessage());
      }
      return new MasterKey(key, random);
    }
    return new MasterKey(readOrCreate(devKeyFile, random), random);
  }

  private static byte[] readOrCreate(Path file, SecureRandom random) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[32];
        random.nextBytes(key);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".master", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
        try {
          // ATOMIC_MOVE without REPLACE: two workers starting together keep the first key
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
          Files.deleteIfExists(tmp);
        }
      }
      return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key file " + file, e);
    }
  }

  public byte[] wrap(byte[] plaintext, String context) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /** Fails when the wrapped bytes were made under another master key, altered, or belong to another context. */
  public byte[] unwrap(byte[] wrapped, String context) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException("the wrapped key for " + context + " does not open under this master key "
          + "(another master key, or the stored key was altered)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }
}
