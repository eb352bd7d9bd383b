package io.ottplatform.media.packaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code tee} muxer's target string, escaped at each of its three levels: the slaves are split on {@code |}
 * (one backslash level), each slave's {@code [k=v:k=v]} options on {@code :} and {@code =} (another), and an option
 * that is itself a list ({@code format_options}) once more. Getting one level wrong makes FFmpeg silently drop an
 * option (the CENC key then has "len 0"), so the escaping lives here, once, with a test.
 */
public final class TeeTarget {

  private TeeTarget() {}

  /** One slave: its options in order and its output path. */
  public record Slave(Map<String, String> options, String path) {
    public Slave {
      options = new LinkedHashMap<>(options);
    }
  }

  public static String of(List<Slave> slaves) {
    return slaves.stream().map(s -> escape("[" + options(s.options()) + "]" + s.path(), "|'")).collect(Collectors.joining("|"));
  }

  /** A {@code k=v:k=v} list whose values are escaped for FFmpeg's dictionary parser. */
  public static String options(Map<String, String> options) {
    return options.entrySet().stream().map(e -> e.getKey() + "=" + escape(e.getValue(), ":='"))
        .collect(Collectors.joining(":"));
  }

  static String escape(String value, String specials) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '\\' || specials.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
