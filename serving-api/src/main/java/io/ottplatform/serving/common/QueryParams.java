package io.ottplatform.serving.common;


/** Query parameters parsed by hand so a bad value is a 400 naming it (Jersey would answer 404). */
public final class QueryParams {

  private QueryParams() {}

  public static int intInRange(String name, String raw, int dflt, int min, int max) {
    if (raw == null || raw.isEmpty()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest("invalid_parameter", name + " must be an integer from " + min + " to " + max + ": " + abbreviate(raw));
  }

  public static String required(String name, String raw, int maxLength) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest("missing_parameter", name + " is required");
    }
    if (raw.length() > maxLength) {
      throw ApiException.badRequest("invalid_parameter", name + " is longer than " + maxLength + " characters");
    }
    // PostgreSQL cannot take a NUL in text (a 500 from the driver); no id or query needs any control character
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw ApiException.badRequest("invalid_parameter", String.format("%s has the control character U+%04X at "
            + "position %d", name, (int) raw.charAt(i), i));
      }
    }
    return raw;
  }

  public static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
