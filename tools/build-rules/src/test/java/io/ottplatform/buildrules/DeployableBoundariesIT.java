package io.ottplatform.buildrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root POM's deployable-boundaries rule, run for real: a planted reactor whose parent is the project's root
 * POM holds a stand-in for a tool or a deployable and a deployable that depends on it. Maven (the same
 * installation and local repository as this build, offline) must refuse the compile-scope dependency and
 * accept the test-scope one.
 */
class DeployableBoundariesIT {

  private static final Path ROOT = Path.of(System.getProperty("ott.root", "../..")).toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void aDeployableThatUsesAToolOutsideTestScopeFailsTheBuild() throws Exception {
    Result result = plantAndValidate("player-simulator", "compile");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("deployable-boundaries")
        .contains("io.ottplatform:player-simulator:jar:0.0.0-planted <--- banned");
  }

  @Test
  void aDeployableThatDependsOnAnotherDeployableFailsTheBuild() throws Exception {
    Result result = plantAndValidate("serving-api", "runtime");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("io.ottplatform:serving-api:jar:0.0.0-planted <--- banned");
  }

  @Test
  void testScopeIsAllowed() throws Exception {
    Result result = plantAndValidate("player-simulator", "test");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private Result plantAndValidate(String plantedArtifact, String scope) throws IOException, InterruptedException {
    String parentPath = dir.relativize(ROOT.resolve("pom.xml")).toString();
    write(dir.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent><groupId>io.ottplatform</groupId><artifactId>ott-platform</artifactId>
            <version>%s</version><relativePath>%s</relativePath></parent>
          <artifactId>planted</artifactId><version>0.0.0-planted</version><packaging>pom</packaging>
          <modules><module>planted-tool</module><module>planted-deployable</module></modules>
        </project>
        """.formatted(System.getProperty("ott.version", "0.1.0-SNAPSHOT"), parentPath));
    write(dir.resolve("planted-tool/pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent><groupId>io.ottplatform</groupId><artifactId>planted</artifactId><version>0.0.0-planted</version></parent>
          <artifactId>%s</artifactId>
        </project>
        """.formatted(plantedArtifact));
    write(dir.resolve("planted-deployable/pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent><groupId>io.ottplatform</groupId><artifactId>planted</artifactId><version>0.0.0-planted</version></parent>
          <artifactId>planted-deployable</artifactId>
          <properties><ott.boundaries.skip>false</ott.boundaries.skip></properties>
          <dependencies><dependency><groupId>io.ottplatform</groupId><artifactId>%s</artifactId>
            <version>0.0.0-planted</version><scope>%s</scope></dependency></dependencies>
        </project>
        """.formatted(plantedArtifact, scope));
    List<String> command = new ArrayList<>(List.of(maven().toString(), "-B", "-o", "validate"));
    String repo = System.getProperty("maven.repo.local");
    if (repo != null && !repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("maven finished").isTrue();
    return new Result(p.exitValue(), output.replaceAll("\u001b\\[[0-9;]*m", ""));
  }

  private static Path maven() {
    String home = System.getProperty("maven.home");
    return home == null || home.isBlank() ? Path.of("mvn") : Path.of(home, "bin", "mvn");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private record Result(int exitCode, String output) {}
}
