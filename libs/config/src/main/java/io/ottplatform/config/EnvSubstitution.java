package io.ottplatform.config;

import java.util.Map;
import java.util.List;

/**
 * {@code ${NAME}} and {@code ${NAME:-default}} in a config file, as Dropwizard's EnvironmentVariableSubstitutor
 * reads them, so a job's YAML and a service's YAML override the same way. A default may itself hold variables
 * ({@code ${OTT_WAREHOUSE:-${OTT_HOME:-.ott}/warehouse}}); {@code $${...}} escapes.
 */
final class EnvSubstitution {

  private EnvSubstitution() {}

  /** The text with every variable replaced; a variable without default and without value is a problem. */
  static String apply(String text, Map<String, String> env, List<String> problems) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        int end = closing(text, i + 3);
        out.append(text, i + 1, end < 0 ? text.length() : end + 1); // escaped: $${X} stays ${X}
        i = end < 0 ? text.length() : end + 1;
      } else if (text.startsWith("${", i)) {
        int end = closing(text, i + 2);
        if (end < 0) {
          problems.add("unclosed ${ in the config file near '" + text.substring(i, Math.min(text.length(), i + 30)) + "'");
          out.append(text, i, text.length());
          break;
        }
        out.append(variable(text.substring(i + 2, end), env, problems));
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  private static String variable(String body, Map<String, String> env, List<String> problems) {
    int sep = body.indexOf(":-");
    String name = sep < 0 ? body : body.substring(0, sep);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      problems.add("'${" + body + "}' in the config file is not a variable reference (${NAME} or ${NAME:-default})");
      return "";
    }
    String value = env.get(name);
    if (value != null) {
      return value;
    }
    if (sep >= 0) {
      return apply(body.substring(sep + 2), env, problems);
    }
    problems.add("environment variable " + name + " is not set and the file gives no default (${" + name + ":-...})");
    return "";
  }

  /** Index of the '}' that closes a '${' whose body starts at {@code from}, counting nested ones; -1 if none. */
  private static int closing(String text, int from) {
    int depth = 0;
    for (int j = from; j < text.length(); j++) {
      if (text.startsWith("${", j)) {
        depth++;
        j++;
      } else if (text.charAt(j) == '}') {
        if (depth == 0) {
          return j;
        }
        depth--;
      }
    }
    return -1;
  }
}
