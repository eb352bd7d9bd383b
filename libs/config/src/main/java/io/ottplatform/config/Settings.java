package io.ottplatform.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A job's settings, read one way everywhere: the deployable's YAML file (its bundled {@code <name>.yml}, or
 * {@code --config FILE}) with {@code ${ENV:-default}} substitution, then {@code --set key=value} overrides.
 * Nested YAML keys read as dotted names ({@code kafka.bootstrap}). Settings that several deployables share are
 * declared once, as a bundled base file of the library that reads them ({@code lake.yml} of libs/lake), loaded
 * under the deployable's file: {@code Settings.load("batch-jobs", args, env, "lake")}.
 *
 * <p>Typed reads never throw: each bad value becomes a problem naming the key and the value, and
 * {@link #finish()} reports all of them at once (with any key the file has that nothing read, usually a typo).
 * Every read also records a line of {@link #help()}, so {@code --help} lists exactly what the job reads.
 *
 * <pre>{@code
 * Settings s = Settings.load("qoe-job", args, System.getenv());
 * QoeJobConfig config = QoeJobConfig.read(s);
 * if (s.helpRequested()) { System.out.println(s.help()); return; }
 * s.finish();
 * }</pre>
 */
public final class Settings {

  private final String source;
  private final Map<String, Object> values;
  private final Set<String> read = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> helpLines = new LinkedHashMap<>();
  private final boolean help;
  private final Set<String> secrets = new java.util.HashSet<>();

  private Settings(String source, Map<String, Object> values, List<String> problems, boolean help) {
    this.source = source;
    this.values = values;
    this.problems.addAll(problems);
    this.help = help;
  }

  /**
   * Reads {@code name}'s settings: {@code --config FILE} or the bundled resource {@code /<name>.yml}, environment
   * substitution from {@code env}, then {@code --set key=value} arguments. {@code --help} is noted, not acted on.
   */
  public static Settings load(String name, String[] args, Map<String, String> env) {
    return load(name, args, env, new String[0]);
  }

  /**
   * As {@link #load(String, String[], Map)}, over shared base files: each bundled {@code /<base>.yml} is read first
   * (in order), then the deployable's file, which may override any key a base sets (a {@code --config} file too,
   * so it needs to say only what differs), then {@code --set}.
   */
  public static Settings load(String name, String[] args, Map<String, String> env, String... bases) {
    List<String> problems = new ArrayList<>();
    String file = null;
    boolean help = false;
    Map<String, String> overrides = new LinkedHashMap<>();
    List<String> rest = Arrays.asList(args);
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--config") || arg.equals("--set")) {
        if (i + 1 >= rest.size()) {
          problems.add(arg + " needs a value");
          continue;
        }
        String value = rest.get(++i);
        if (arg.equals("--config")) {
          file = value;
        } else if (value.indexOf('=') <= 0) {
          problems.add("--set " + value + ": expected key=value");
        } else {
          overrides.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
        }
      } else {
        problems.add("unknown argument '" + arg + "' (use --config FILE, --set key=value, --help)");
      }
    }
    Map<String, Object> values = new TreeMap<>();
    List<String> origins = new ArrayList<>();
    for (String base : bases) {
      String origin = "the bundled " + base + ".yml";
      String text = bundled(base);
      if (text == null) {
        problems.add("base settings " + base + ".yml are not on the classpath (is the library that declares them "
            + "a dependency?)");
        continue;
      }
      origins.add(origin);
      flatten("", parseYaml(EnvSubstitution.apply(text, env, problems), origin, problems), values);
    }
    String text;
    String origin;
    if (file != null) {
      origin = file;
      try {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = "";
        problems.add("cannot read config file " + file + ": " + e.getMessage());
      }
    } else {
      origin = "the bundled " + name + ".yml";
      text = bundled(name);
      text = text == null ? "" : text;
    }
    origins.add(origin);
    flatten("", parseYaml(EnvSubstitution.apply(text, env, problems), origin, problems), values);
    values.putAll(overrides);
    return new Settings(name + " config (" + String.join(" under ", reversed(origins)) + ")", values, problems, help);
  }

  private static String bundled(String name) {
    try (InputStream in = Settings.class.getResourceAsStream("/" + name + ".yml")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + name + ".yml", e);
    }
  }

  private static List<String> reversed(List<String> list) {
    List<String> out = new ArrayList<>(list);
    java.util.Collections.reverse(out);
    return out;
  }

  /** Settings from a map of dotted keys: for tests and for code that builds a job's config itself. */
  public static Settings of(String source, Map<String, ?> values) {
    return new Settings(source, new TreeMap<>(values), List.of(), false);
  }

  private static Object parseYaml(String text, String origin, List<String> problems) {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      problems.add(origin + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object node, Map<String, Object> out) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : ((Map<Object, Object>) map).entrySet()) {
        flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node != null && !prefix.isEmpty()) {
      out.put(prefix, node);
    }
  }

  public boolean helpRequested() {
    return help;
  }

  /** A required string: absent or blank is a problem. */
  public String string(String key, String description) {
    return read(key, null, description, v -> requireNonBlank(key, v), true);
  }

  public String string(String key, String defaultValue, String description) {
    return read(key, defaultValue, description, v -> v, false);
  }

  public int integer(String key, int defaultValue, int min, int max, String description) {
    Long v = read(key, String.valueOf(defaultValue), description + " (" + min + ".." + max + ")",
        s -> parseLong(key, s, min, max), false);
    return v == null ? defaultValue : v.intValue();
  }

  public long longValue(String key, long defaultValue, long min, long max, String description) {
    Long v = read(key, String.valueOf(defaultValue), description + " (" + min + ".." + max + ")",
        s -> parseLong(key, s, min, max), false);
    return v == null ? defaultValue : v;
  }

  public double decimal(String key, double defaultValue, double min, double max, String description) {
    Double v = read(key, String.valueOf(defaultValue), description + " (" + min + ".." + max + ")", s -> {
      try {
        double d = Double.parseDouble(s.trim());
        if (d < min || d > max || Double.isNaN(d)) {
          throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
    }, false);
    return v == null ? defaultValue : v;
  }

  /** A string that never appears in {@link #help()} or in a problem's text (passwords, keys). */
  public String secret(String key, String defaultValue, String description) {
    secrets.add(key);
    return read(key, defaultValue, description, v -> v, false);
  }

  public boolean bool(String key, boolean defaultValue, String description) {
    Boolean v = read(key, String.valueOf(defaultValue), description, s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("not a boolean (true/false)");
    }, false);
    return v == null ? defaultValue : v;
  }

  /** A duration in Dropwizard's syntax; must be positive. */
  public Duration duration(String key, String defaultValue, String description) {
    Duration v = read(key, defaultValue, description + " (e.g. 500ms, 30s, 5m)", s -> {
      Duration d = Durations.parse(s);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    }, defaultValue == null);
    return v == null ? Duration.ofMillis(1) : v;
  }

  public Path path(String key, String defaultValue, String description) {
    Path v = read(key, defaultValue, description, s -> Path.of(requireNonBlank(key, s)), defaultValue == null);
    return v == null ? Path.of(".") : v;
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue, String description) {
    E v = read(key, defaultValue == null ? null : defaultValue.name(),
        description + " (" + String.join("|", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + ")",
        s -> {
          for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.trim())) {
              return e;
            }
          }
          throw new IllegalArgumentException("not one of " + Arrays.toString(type.getEnumConstants()));
        }, defaultValue == null);
    return v == null ? defaultValue : v;
  }

  /** A cross-field rule: when {@code ok} is false, {@code problem} joins the report. */
  public void check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** Fails with every problem at once; keys the file sets that nothing read are problems too. */
  public void finish() {
    List<String> all = new ArrayList<>(problems);
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        all.add("unknown key '" + key + "' (known: " + String.join(", ", helpLines.keySet()) + ")");
      }
    }
    if (!all.isEmpty()) {
      throw new ConfigException(source, all);
    }
  }

  /** One line per key the job read: name, value in effect, description. */
  public String help() {
    StringBuilder out = new StringBuilder("Settings (YAML keys; override with --set key=value or the file's ${ENV} variables):\n");
    helpLines.forEach((key, line) -> out.append("  ").append(line).append('\n'));
    return out.toString();
  }

  private <T> T read(String key, String defaultValue, String description, Function<String, T> parse, boolean required) {
    read.add(key);
    Object raw = values.get(key);
    String text = raw == null ? defaultValue : String.valueOf(raw);
    String shown = text == null ? "(required)" : secrets.contains(key) ? (text.isEmpty() ? "(empty)" : "(set)") : text;
    helpLines.put(key, String.format("%-32s %-28s %s", key, shown, description));
    if (text == null) {
      if (required) {
        problems.add(key + " is required: " + description);
      }
      return null;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      problems.add(key + " = '" + (secrets.contains(key) ? "(secret)" : text) + "': " + e.getMessage());
      return null;
    }
  }

  private static String requireNonBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return value.trim();
  }

  private static long parseLong(String key, String s, long min, long max) {
    long v;
    try {
      v = Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return v;
  }
}
