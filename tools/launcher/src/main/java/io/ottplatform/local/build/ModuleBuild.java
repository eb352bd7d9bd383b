package io.ottplatform.local.build;

import io.ottplatform.local.PlatformException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a module of the repository up to date and tells its runtime classpath, by asking Maven.
 *
 * <p>One Maven run per module: {@code mvn -q compile dependency:build-classpath -pl <module> -am}. Maven's
 * incremental compiler decides what is stale (in the module and in every module it builds on), and in a
 * reactor run the classpath it writes names the upstream modules' {@code target/classes}, so nothing is
 * installed into {@code ~/.m2} on the module's behalf and nothing is packaged or shaded just to run a
 * main. The price is a Maven start (a few seconds) per module per command, paid only by commands that
 * run a module ({@code status}, {@code logs}, {@code stop} and {@code down} never build). {@code
 * OTT_NO_BUILD=1} skips it when the module was built before; {@code OTT_MAVEN_ARGS} adds arguments
 * (e.g. {@code -o} offline).
 */
public final class ModuleBuild {

  /** The file Maven writes the runtime classpath to, relative to the module. */
  public static final String CLASSPATH_FILE = "target/ott.classpath";

  private final Path root;
  private final List<String> extraArgs;
  private final boolean skip;
  private final Set<String> builtThisRun = new LinkedHashSet<>();

  public ModuleBuild(Path root, List<String> extraArgs, boolean skip) {
    this.root = root;
    this.extraArgs = List.copyOf(extraArgs);
    this.skip = skip;
  }

  public static ModuleBuild fromEnvironment(Path root) {
    String extra = System.getenv().getOrDefault("OTT_MAVEN_ARGS", "").trim();
    return new ModuleBuild(root, extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")),
        "1".equals(System.getenv("OTT_NO_BUILD")));
  }

  public Path root() {
    return root;
  }

  /** The module's folder, checked: a folder of this repository with a pom.xml. */
  public Path moduleDir(String module) {
    Path dir = root.resolve(module).normalize();
    if (!dir.startsWith(root) || !Files.isRegularFile(dir.resolve("pom.xml"))) {
      throw new PlatformException("no module '" + module + "' in " + root + " (a folder with a pom.xml, e.g. ingest-api)");
    }
    return dir;
  }

  /** The Maven command that brings {@code module} up to date and writes its runtime classpath. */
  public List<String> command(String module) {
    List<String> command = new ArrayList<>(List.of(Maven.executable(), "-B", "-q", "-Dstyle.color=never",
        "compile", "dependency:build-classpath", "-pl", module, "-am",
        "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + CLASSPATH_FILE));
    command.addAll(extraArgs);
    return command;
  }

  /** Builds the module (once per {@code ./ott} command) and returns its runtime classpath, its own classes first. */
  public String classpath(String module) {
    Path dir = moduleDir(module);
    Path file = dir.resolve(CLASSPATH_FILE);
    if (!(skip && Files.isRegularFile(file)) && builtThisRun.add(module)) {
      System.err.println("ott: building " + module + " (mvn " + String.join(" ", command(module).subList(1, 8)) + " ...)");
      int exit = Maven.run(root, command(module), System.err);
      if (exit != 0) {
        throw new PlatformException("the build of " + module + " failed (exit " + exit + "); run: mvn -B compile -pl "
            + module + " -am");
      }
    }
    try {
      return dir.resolve("target/classes") + ":" + Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new PlatformException("Maven wrote no classpath for " + module + " at " + file + ": " + e.getMessage(), e);
    }
  }
}
