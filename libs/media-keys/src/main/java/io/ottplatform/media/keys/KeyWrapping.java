package io.ottplatform.media.keys;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The one at-rest format of a title's keys, for every {@link KeyStore}: the CENC key then the HLS key (32 bytes),
 * wrapped by the {@link MasterKey} with {@code media-keys:v1:<titleId>:<kid hex>} as associated data.
 */
public final class KeyWrapping {

  private KeyWrapping() {}

  public static byte[] wrap(MasterKey master, String titleId, ContentKeys keys) {
    byte[] plain = new byte[32];
    System.arraycopy(keys.cencKey(), 0, plain, 0, 16);
    System.arraycopy(keys.hlsKey(), 0, plain, 16, 16);
    return master.wrap(plain, context(titleId, keys.kidHex()));
  }

  public static ContentKeys unwrap(MasterKey master, String titleId, byte[] kid, byte[] wrapped) {
    byte[] plain = master.unwrap(wrapped, context(titleId, HexFormat.of().formatHex(kid)));
    return new ContentKeys(kid, Arrays.copyOfRange(plain, 0, 16), Arrays.copyOfRange(plain, 16, 32));
  }

  static String context(String titleId, String kidHex) {
    return "media-keys:v1:" + titleId + ":" + kidHex;
  }
}
