package io.ottplatform.lake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's short flags as the settings keys they stand for: {@code sessionize --date 2026-11-25} is
 * {@code sessionize --set date=2026-11-25}, {@code train --rank 16} is {@code train --set als.rank=16}. The
 * commands of the Spark deployables keep their documented command lines while every value still goes through
 * one {@link io.ottplatform.config.Settings} (one validation, every problem at once, one {@code --help}).
 *
 * <p>Anything that is not a known flag ({@code --config}, {@code --set}, {@code --help}, a typo) is passed on
 * unchanged, so Settings reports it with the other problems.
 */
public final class CommandFlags {

  private final Map<String, String> keys;

  private CommandFlags(Map<String, String> keys) {
    this.keys = keys;
  }

  /** {@code flagsAndKeys}: flag without dashes, settings key, flag, key, ... */
  public static CommandFlags of(String... flagsAndKeys) {
    if (flagsAndKeys.length % 2 != 0) {
      throw new IllegalArgumentException("flags and keys come in pairs: " + String.join(" ", flagsAndKeys));
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; i < flagsAndKeys.length; i += 2) {
      keys.put(flagsAndKeys[i], flagsAndKeys[i + 1]);
    }
    return new CommandFlags(keys);
  }

  /** The arguments with every known {@code --flag value} or {@code --flag=value} turned into {@code --set key=value}. */
  public String[] toSettingsArguments(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2, arg.contains("=") ? arg.indexOf('=') : arg.length()) : "";
      String key = keys.get(name);
      if (key == null) {
        out.add(arg);
      } else if (arg.contains("=")) {
        out.add("--set");
        out.add(key + "=" + arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < args.length) {
        out.add("--set");
        out.add(key + "=" + args[++i]);
      } else {
        out.add("--set");
        out.add(key + "="); // the key's typed read names the empty value
      }
    }
    return out.toArray(String[]::new);
  }

  /** One line per flag: {@code --date  (= --set date=...)}. */
  public String help() {
    if (keys.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("Flags (shorthands for --set key=value):\n");
    keys.forEach((flag, key) -> out.append(String.format("  --%-22s = --set %s=...%n", flag + " V", key)));
    return out.toString();
  }
}
