package io.ottplatform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} in a config file, as Dropwizard's EnvironmentVariableSubstitutor
 * reads them, so a job's YAML and a service's YAML override the same way. {@code $${...}} escapes.
 */
final class EnvSubstitution {

  private static final Pattern VARIABLE = Pattern.compile("(\\$?)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private EnvSubstitution() {}

  /** The text with every variable replaced; a variable without default and without value is a problem. */
  static String apply(String text, Map<String, String> env, List<String> problems) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    List<String> missing = new ArrayList<>();
    while (m.find()) {
      String replacement;
      if (!m.group(1).isEmpty()) {
        replacement = m.group().substring(1); // escaped: $${X} stays ${X}
      } else {
        String value = env.get(m.group(2));
        if (value != null) {
          replacement = value;
        } else if (m.group(3) != null) {
          replacement = m.group(3);
        } else {
          missing.add(m.group(2));
          replacement = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    for (String name : missing) {
      problems.add("environment variable " + name + " is not set and the file gives no default (${" + name + ":-...})");
    }
    return out.toString();
  }
}
