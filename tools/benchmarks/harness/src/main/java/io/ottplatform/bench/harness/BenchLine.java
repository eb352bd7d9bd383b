package io.ottplatform.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's result: the one line {@code BENCH <name> key=value ...} it ends with, and the same values
 * as a JSON results file, which is what other programs read (never the line). The file is
 * {@code $OTT_BENCH_RESULTS} when set (so {@code ./ott bench recommender} knows where each part reports),
 * else {@code $OTT_HOME/bench/<name>-<UTC time>.json}.
 *
 * <pre>
 * BenchLine.of("ingest").put("batched_events_per_s", 224876).put("ratio_vs_producer", 0.602, 3).print();
 * </pre>
 */
public final class BenchLine {

  /** The environment variable naming the results file. */
  public static final String RESULTS_ENV = "OTT_BENCH_RESULTS";

  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String name;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> printed = new LinkedHashMap<>();

  private BenchLine(String name) {
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("a benchmark name is lower-case letters, digits and '-': " + name);
    }
    this.name = name;
  }

  public static BenchLine of(String name) {
    return new BenchLine(name);
  }

  public BenchLine put(String key, long value) {
    return add(key, value, Long.toString(value));
  }

  /**
   * A decimal printed with {@code decimals} places (as the line always printed it), and kept in the results
   * file as printed; NaN prints "NaN" and is {@code null} in the file.
   */
  public BenchLine put(String key, double value, int decimals) {
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
    return add(key, Double.isFinite(value) ? Double.parseDouble(text) : value, text);
  }

  /** A decimal rounded to a whole number in the line (e.g. events/s). */
  public BenchLine putRounded(String key, double value) {
    return add(key, Double.isFinite(value) ? Math.round(value) : value, String.format(Locale.ROOT, "%.0f", value));
  }

  /** A value copied as text (e.g. from another part's results). */
  public BenchLine putText(String key, String value) {
    return add(key, value, value);
  }

  private BenchLine add(String key, Object value, String text) {
    if (!key.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("a BENCH key is lower-case letters, digits and '_': " + key);
    }
    values.put(key, value);
    printed.put(key, text);
    return this;
  }

  public String line() {
    StringBuilder sb = new StringBuilder("BENCH ").append(name);
    printed.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  /** The results as flat JSON: {@code bench}, {@code at}, then the values. */
  public String json() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("bench", name);
    all.put("at", Instant.now().toString());
    all.putAll(values);
    return FlatJson.write(all);
  }

  /** Prints the line and writes the results file; returns the file. */
  public Path print() {
    Path file = resultsFile(name);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, json() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the results of " + name + " to " + file, e);
    }
    System.out.println(line());
    System.out.flush();
    return file;
  }

  static Path resultsFile(String name) {
    String configured = System.getenv(RESULTS_ENV);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String home = System.getenv().getOrDefault("OTT_HOME", ".ott");
    return Path.of(home.isBlank() ? ".ott" : home, "bench", name + "-" + FILE_TIME.format(Instant.now()) + ".json");
  }

  /** Reads a results file written by {@link #print()}: its values as text. */
  public static Map<String, String> read(Path file) {
    try {
      return FlatJson.read(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read benchmark results " + file, e);
    }
  }
}
