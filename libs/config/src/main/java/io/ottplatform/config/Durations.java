package io.ottplatform.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Dropwizard's syntax ({@code 200ms}, {@code 30s}, {@code 5 minutes}, {@code 1h}, {@code 7d}), the one
 * syntax every config file of the platform uses, services and jobs alike.
 */
public final class Durations {

  private static final Pattern SYNTAX = Pattern.compile("^\\s*(\\d+)\\s*([a-zA-Z]+)\\s*$");
  private static final Map<String, Duration> UNITS = Map.ofEntries(
      Map.entry("ns", Duration.ofNanos(1)), Map.entry("nanosecond", Duration.ofNanos(1)),
      Map.entry("nanoseconds", Duration.ofNanos(1)),
      Map.entry("us", Duration.ofNanos(1_000)), Map.entry("microsecond", Duration.ofNanos(1_000)),
      Map.entry("microseconds", Duration.ofNanos(1_000)),
      Map.entry("ms", Duration.ofMillis(1)), Map.entry("millisecond", Duration.ofMillis(1)),
      Map.entry("milliseconds", Duration.ofMillis(1)),
      Map.entry("s", Duration.ofSeconds(1)), Map.entry("second", Duration.ofSeconds(1)),
      Map.entry("seconds", Duration.ofSeconds(1)),
      Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
      Map.entry("mins", Duration.ofMinutes(1)), Map.entry("minute", Duration.ofMinutes(1)),
      Map.entry("minutes", Duration.ofMinutes(1)),
      Map.entry("h", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)), Map.entry("hours", Duration.ofHours(1)),
      Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)), Map.entry("days", Duration.ofDays(1)));

  private Durations() {}

  /** Parses {@code text}; the message of the exception names the text and the accepted forms. */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : SYNTAX.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (expected a whole number and a unit: 200ms, 30s, 5m, 1h, 7d)");
    }
    Duration unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw new IllegalArgumentException("unknown duration unit '" + m.group(2) + "' in '" + text
          + "' (ns, us, ms, s, m, h, d, or their names)");
    }
    return unit.multipliedBy(Long.parseLong(m.group(1)));
  }

  /** The shortest exact form in this syntax, so help and logs print what a file would say. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (d.toNanos() % 1_000_000 != 0) {
      return d.toNanos() + "ns";
    }
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
