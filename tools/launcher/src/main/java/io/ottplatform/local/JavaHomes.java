package io.ottplatform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the JDKs the components need: the running one for Kafka, a Java 25 one for Trino. */
public final class JavaHomes {

  private JavaHomes() {}

  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static Optional<Path> findJava25() {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      return dirs.filter(d -> d.getFileName().toString().matches(".*-25([.-].*)?"))
          .filter(d -> Files.isExecutable(d.resolve("bin/java")))
          .sorted()
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Path requireJava25(PlatformConfig config) {
    if (config.java25Home() == null) {
      throw new PlatformException("Trino needs a Java 25 JDK and none was found under /usr/lib/jvm. "
          + "Install one (e.g. Temurin 25) and/or set OTT_JAVA25_HOME to its folder.");
    }
    return config.java25Home().resolve("bin/java");
  }
}
