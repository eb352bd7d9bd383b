package io.ottplatform.buildrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every jar the platform ships (the shaded job jars a Flink or Spark cluster runs) holds none of what only helps
 * it ship: no player simulator, no JUnit, no test support, no launcher, no benchmark.
 */
class ShippedJarsIT {

  private static final Path ROOT = Path.of(System.getProperty("ott.root", "../..")).toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("ott.version", "0.1.0-SNAPSHOT");

  /** Class-path prefixes that must never ship. */
  private static final List<String> FORBIDDEN = List.of(
      "io/ottplatform/simulator/", "io/ottplatform/bench/", "io/ottplatform/testsupport/", "io/ottplatform/local/",
      "org/junit/", "junit/", "org/assertj/", "org/opentest4j/");

  static Stream<Path> shippedJars() {
    return Stream.of(
        ROOT.resolve("stream-jobs/qoe-job/target/qoe-job-" + VERSION + "-job.jar"),
        ROOT.resolve("batch-jobs/target/batch-jobs-" + VERSION + "-spark.jar"),
        ROOT.resolve("recommender/target/recommender-" + VERSION + "-spark.jar"));
  }

  @ParameterizedTest
  @MethodSource("shippedJars")
  void holdsNothingThatOnlyHelpsItShip(Path jar) throws IOException {
    assertThat(jar).as("shaded jar (built by the reactor before this module)").exists();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> offending = Collections.list(file.entries()).stream()
          .map(e -> e.getName())
          .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
          .limit(20)
          .toList();
      assertThat(offending).as("classes in %s that must not ship", jar.getFileName()).isEmpty();
      assertThat(Collections.list(file.entries()).stream().anyMatch(e -> e.getName().startsWith("io/ottplatform/")))
          .as("%s holds the platform's own classes", jar.getFileName()).isTrue();
    }
    assertThat(Files.size(jar)).isPositive();
  }
}
