package io.ottplatform.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one argument parser of the benchmarks: {@code --key value} or {@code --key=value} for keys the
 * benchmark declares (with a default and a description), {@code --help} for the list. Every unknown
 * key and every value that does not parse is reported at once, naming the key and the value.
 *
 * <pre>
 * BenchArgs args = BenchArgs.declare("serving", "browse, search and playback at a fixed rate")
 *     .option("rate", "2000", "requests/s for browse and playback")
 *     .parse(argv);
 * int rate = args.integer("rate");
 * </pre>
 */
public final class BenchArgs {

  /** Thrown for {@code --help} (message: the usage) and for bad arguments (message: every problem). */
  public static final class UsageException extends RuntimeException {
    private final boolean help;

    UsageException(String message, boolean help) {
      super(message);
      this.help = help;
    }

    public boolean help() {
      return help;
    }
  }

  private record Option(String defaultValue, String description, boolean flag) {}

  private final String name;
  private final String summary;
  private final Map<String, Option> options = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> rest = new ArrayList<>();
  private boolean passUnknown;

  private BenchArgs(String name, String summary) {
    this.name = name;
    this.summary = summary;
  }

  public static BenchArgs declare(String name, String summary) {
    return new BenchArgs(name, summary);
  }

  /** A {@code --key}; {@code defaultValue} "" means none. */
  public BenchArgs option(String key, String defaultValue, String description) {
    options.put(key, new Option(defaultValue, description, false));
    return this;
  }

  /** A {@code --key} without a value: {@link #bool} is true when it is given. */
  public BenchArgs flag(String key, String description) {
    options.put(key, new Option("false", description, true));
    return this;
  }

  /**
   * Arguments it does not declare are kept, in order, for a program the benchmark drives (the batch
   * benchmark hands them to batch-jobs' settings), instead of being reported.
   */
  public BenchArgs passUnknown() {
    passUnknown = true;
    return this;
  }

  /** The undeclared arguments, when {@link #passUnknown()}. */
  public List<String> rest() {
    return List.copyOf(rest);
  }

  public BenchArgs parse(String... argv) {
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new UsageException(usage(), true);
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        if (passUnknown) {
          rest.add(arg);
        } else {
          problems.add("expected --key value, got '" + arg + "'");
        }
        continue;
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      String bare = eq >= 0 ? key.substring(0, eq) : key;
      if (!options.containsKey(bare) && passUnknown) {
        rest.add(arg);
        continue;
      }
      if (eq < 0 && options.containsKey(key) && options.get(key).flag()) {
        values.put(key, "true");
        continue;
      }
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < argv.length) {
        value = argv[++i];
      } else {
        problems.add("--" + key + " needs a value");
        continue;
      }
      if (!options.containsKey(key)) {
        problems.add("unknown option --" + key + " (known: " + String.join(", ", options.keySet()) + ")");
        continue;
      }
      values.put(key, value);
    }
    if (!problems.isEmpty()) {
      throw new UsageException(name + ": " + String.join("; ", problems), false);
    }
    return this;
  }

  /**
   * Parses, or prints the usage (exit 0) or the problems (exit 2) and ends the JVM: what a benchmark's
   * {@code main} wants.
   */
  public BenchArgs parseOrExit(String... argv) {
    try {
      return parse(argv);
    } catch (UsageException e) {
      (e.help() ? System.out : System.err).println(e.getMessage());
      System.exit(e.help() ? 0 : 2);
      return this;
    }
  }

  public boolean given(String key) {
    return values.containsKey(key) && !values.get(key).isEmpty();
  }

  public String string(String key) {
    Option option = options.get(key);
    if (option == null) {
      throw new IllegalArgumentException(name + " reads an undeclared option --" + key);
    }
    return values.getOrDefault(key, option.defaultValue());
  }

  public int integer(String key) {
    return (int) number(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  public long longValue(String key) {
    return number(key, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A whole number at least {@code min}. */
  public int atLeast(String key, int min) {
    return (int) number(key, min, Integer.MAX_VALUE);
  }

  public double decimal(String key) {
    String v = string(key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException(name + ": --" + key + " must be a number, not '" + v + "'", false);
    }
  }

  public boolean bool(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new UsageException(name + ": --" + key + " must be true or false, not '" + v + "'", false);
    }
    return v.equals("true");
  }

  private long number(String key, long min, long max) {
    String v = string(key);
    try {
      long n = Long.parseLong(v.trim().replace("_", ""));
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + ": --" + key + " must be a whole number"
          + (min > Integer.MIN_VALUE ? " >= " + min : "") + ", not '" + v + "'", false);
    }
  }

  public String usage() {
    StringBuilder sb = new StringBuilder("usage: ott bench " + name + " [--key value ...]\n" + summary + "\n");
    options.forEach((k, o) -> sb.append(String.format(Locale.ROOT, "  --%-18s %s%s%n", k, o.description(),
        o.flag() || o.defaultValue().isEmpty() ? "" : " (default " + o.defaultValue() + ")")));
    if (passUnknown) {
      sb.append("  other arguments go on unchanged\n");
    }
    return sb.toString();
  }
}
