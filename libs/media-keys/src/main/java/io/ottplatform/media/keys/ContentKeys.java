package io.ottplatform.media.keys;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A title's content keys: the CENC key and its key id (KID) for DASH, and a separate AES-128 key for HLS (the two
 * schemes encrypt differently; one leaked key should not open both). 16 bytes each, from a {@link SecureRandom}.
 */
public record ContentKeys(byte[] kid, byte[] cencKey, byte[] hlsKey) {

  private static final HexFormat HEX = HexFormat.of();

  public ContentKeys {
    for (byte[] k : new byte[][] {kid, cencKey, hlsKey}) {
      if (k == null || k.length != 16) {
        throw new IllegalArgumentException("content keys and the key id are 16 bytes");
      }
    }
    kid = kid.clone();
    cencKey = cencKey.clone();
    hlsKey = hlsKey.clone();
  }

  public static ContentKeys generate(SecureRandom random) {
    byte[][] k = new byte[3][16];
    for (byte[] b : k) {
      random.nextBytes(b);
    }
    return new ContentKeys(k[0], k[1], k[2]);
  }

  @Override
  public byte[] kid() {
    return kid.clone();
  }

  @Override
  public byte[] cencKey() {
    return cencKey.clone();
  }

  @Override
  public byte[] hlsKey() {
    return hlsKey.clone();
  }

  public String kidHex() {
    return HEX.formatHex(kid);
  }

  public String cencKeyHex() {
    return HEX.formatHex(cencKey);
  }

  /** The KID as DASH's {@code cenc:default_KID} writes it: a UUID, 8-4-4-4-12. */
  public String kidUuid() {
    String h = kidHex();
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
        + "-" + h.substring(20);
  }

  @Override
  public String toString() {
    return "ContentKeys[kid=" + kidHex() + ", keys hidden]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentKeys k && java.util.Arrays.equals(kid, k.kid) && java.util.Arrays.equals(cencKey, k.cencKey)
        && java.util.Arrays.equals(hlsKey, k.hlsKey);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(kid);
  }
}
