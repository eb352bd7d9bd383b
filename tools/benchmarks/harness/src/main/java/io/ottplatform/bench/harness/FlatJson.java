package io.ottplatform.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat JSON objects (string and number values, no nesting): the format of benchmark results, written and
 * read here so that the harness brings no JSON library onto the Dropwizard, Flink and Spark classpaths
 * of the benchmarks, which each have their own Jackson.
 */
public final class FlatJson {

  private FlatJson() {}

  /** {@code {"k":v,...}} in the map's order; numbers as numbers, everything else as strings. */
  public static String write(Map<String, ?> values) {
    StringBuilder sb = new StringBuilder("{");
    values.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(quote(k)).append(':');
      if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
        sb.append(n);
      } else if (v instanceof Number) {
        sb.append("null"); // NaN or infinite: JSON has no such number
      } else {
        sb.append(v == null ? "null" : quote(v.toString()));
      }
    });
    return sb.append('}').toString();
  }

  /** The object's values as text (numbers as written, null as null). */
  public static Map<String, String> read(String json) {
    Map<String, String> values = new LinkedHashMap<>();
    String s = json.trim();
    if (!s.startsWith("{") || !s.endsWith("}")) {
      throw new IllegalArgumentException("not a flat JSON object: " + abbreviate(s));
    }
    int i = 1;
    int end = s.length() - 1;
    while (true) {
      i = skipSpace(s, i);
      if (i >= end) {
        return values;
      }
      if (s.charAt(i) == ',') {
        i = skipSpace(s, i + 1);
      }
      int[] next = new int[1];
      String key = string(s, i, next);
      i = skipSpace(s, next[0]);
      if (s.charAt(i) != ':') {
        throw new IllegalArgumentException("expected ':' at " + i + " of " + abbreviate(s));
      }
      i = skipSpace(s, i + 1);
      if (s.charAt(i) == '"') {
        values.put(key, string(s, i, next));
        i = next[0];
      } else {
        int j = i;
        while (j < end && s.charAt(j) != ',' && !Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        String raw = s.substring(i, j);
        values.put(key, raw.equals("null") ? null : raw);
        i = j;
      }
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String string(String s, int start, int[] next) {
    if (s.charAt(start) != '"') {
      throw new IllegalArgumentException("expected '\"' at " + start + " of " + abbreviate(s));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        next[0] = i + 1;
        return sb.toString();
      }
      if (c == '\\') {
        char e = s.charAt(++i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    throw new IllegalArgumentException("unterminated string in " + abbreviate(s));
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
