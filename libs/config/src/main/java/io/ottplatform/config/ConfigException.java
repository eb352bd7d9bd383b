package io.ottplatform.config;

import java.util.List;

/** Every problem of a configuration at once, one per line, each naming the key and the bad value. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(source + " has " + problems.size() + (problems.size() == 1 ? " error" : " errors") + ":\n  - "
        + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
