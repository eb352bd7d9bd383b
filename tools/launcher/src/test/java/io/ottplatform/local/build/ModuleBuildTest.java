package io.ottplatform.local.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.local.PlatformException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleBuildTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @Test
  void mavenDecidesWhatIsStaleAndWritesTheRuntimeClasspath() {
    ModuleBuild build = new ModuleBuild(ROOT, List.of("-o"), false);
    assertThat(build.command("serving-api")).containsSubsequence("compile", "dependency:build-classpath", "-pl", "serving-api", "-am")
        .contains("-Dmdep.includeScope=runtime", "-Dmdep.outputFile=target/ott.classpath", "-q").endsWith("-o");
  }

  @Test
  void aModuleIsAFolderOfThisRepositoryWithAPom() {
    ModuleBuild build = new ModuleBuild(ROOT, List.of(), false);
    assertThat(build.moduleDir("tools/player-simulator")).isEqualTo(ROOT.resolve("tools/player-simulator"));
    assertThatThrownBy(() -> build.moduleDir("docs")).isInstanceOf(PlatformException.class)
        .hasMessageContaining("no module 'docs'");
    assertThatThrownBy(() -> build.moduleDir("../elsewhere")).isInstanceOf(PlatformException.class)
        .hasMessageContaining("no module '../elsewhere'");
  }

  @Test
  void sparkModulesGetSparksOpensOthersDoNot() {
    List<String> spark = JavaCommand.of("batch-jobs", "cp", List.of("-Xmx1g"), "Main", List.of("land"));
    List<String> plain = JavaCommand.of("ingest-api", "cp", List.of(), "Main", List.of());
    assertThat(spark).contains("--add-opens=java.base/java.nio=ALL-UNNAMED").containsSubsequence("-Xmx1g", "-cp", "cp", "Main", "land");
    assertThat(plain).noneMatch(a -> a.startsWith("--add-opens"));
  }
}
