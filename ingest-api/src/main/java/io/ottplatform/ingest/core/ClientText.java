package io.ottplatform.ingest.core;

/**
 * What a client-sent string may hold before it becomes part of an event: no C0 or C1 control character
 * (a NUL or an escape sequence in an id ends up in the lake, in logs and on dashboards, where it truncates
 * or rewrites what an operator reads), no lone UTF-16 surrogate (not a character: Avro's UTF-8 encoder
 * writes it as '?', so the id stored would not be the id sent), and no non-character (U+FFFE, U+FFFF,
 * U+FDD0..U+FDEF), which no player has a reason to send.
 */
public final class ClientText {

  private ClientText() {}

  /** {@code null} when {@code s} is acceptable, else why not, naming {@code field} and the position (0-based). */
  public static String problem(String field, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return field + " holds the control character " + codePoint(c) + " at position " + i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return field + " holds a lone surrogate " + codePoint(c) + " at position " + i;
      }
      if (Character.isLowSurrogate(c)) {
        return field + " holds a lone surrogate " + codePoint(c) + " at position " + i;
      }
      if (c == 0xfffe || c == 0xffff || (c >= 0xfdd0 && c <= 0xfdef)) {
        return field + " holds the non-character " + codePoint(c) + " at position " + i;
      }
    }
    return null;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }
}
