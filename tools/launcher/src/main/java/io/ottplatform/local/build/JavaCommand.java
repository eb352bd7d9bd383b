package io.ottplatform.local.build;

import io.ottplatform.local.JavaHomes;
import io.ottplatform.local.RuntimeClasspath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@code java} command line that runs a main class of a module on its runtime classpath. */
public final class JavaCommand {

  /** Modules that run Spark in the JVM, which on Java 17 needs Spark's own {@code --add-opens} list. */
  private static final Set<String> SPARK_MODULES = Set.of("batch-jobs", "recommender", "tools/benchmarks/lake");

  private JavaCommand() {}

  /**
   * {@code java [JAVA_OPTS] [Spark's opens] jvmOptions -cp classpath main args}; {@code JAVA_OPTS} (the
   * environment) comes first so that the options a caller passes win.
   */
  public static List<String> of(String module, String classpath, List<String> jvmOptions, String main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(JavaHomes.currentJava().toString());
    String javaOpts = System.getenv().getOrDefault("JAVA_OPTS", "").trim();
    if (!javaOpts.isEmpty()) {
      command.addAll(List.of(javaOpts.split("\\s+")));
    }
    if (SPARK_MODULES.contains(module)) {
      command.addAll(sparkOpens());
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(main);
    command.addAll(args);
    return command;
  }

  static List<String> sparkOpens() {
    String opens = RuntimeClasspath.platformProperties().getProperty("spark.add-opens", "").trim();
    return opens.isEmpty() ? List.of() : List.of(opens.split("\\s+"));
  }
}
