package io.ottplatform.local.build;

import io.ottplatform.local.PlatformException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a main class of a module in the foreground, as {@code ./ott run|batch|recommender|simulate|bench} do. */
public final class ModuleRunner {

  private final ModuleBuild build;

  public ModuleRunner(ModuleBuild build) {
    this.build = build;
  }

  public ModuleBuild build() {
    return build;
  }

  /** Runs it with this terminal (stdin, stdout, stderr) and returns its exit code. */
  public int run(String module, String main, List<String> args) {
    return run(module, main, List.of(), args);
  }

  public int run(String module, String main, List<String> jvmOptions, List<String> args) {
    return run(module, main, jvmOptions, args, java.util.Map.of());
  }

  /** As {@link #run(String, String, List, List)}, with {@code env} added to the program's environment. */
  public int run(String module, String main, List<String> jvmOptions, List<String> args, java.util.Map<String, String> env) {
    List<String> command = JavaCommand.of(module, build.classpath(module), jvmOptions, main, args);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(build.root().toFile()).inheritIO();
      builder.environment().putAll(env);
      return builder.start().waitFor();
    } catch (IOException e) {
      throw new PlatformException("cannot start " + main + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted while running " + main, e);
    }
  }

  /** What a run printed (stdout and stderr merged), also echoed to {@code out} line by line as it comes. */
  public record Output(int exitCode, List<String> lines) {}

  public Output runAndCapture(String module, String main, List<String> args, PrintStream out) {
    List<String> command = JavaCommand.of(module, build.classpath(module), List.of(), main, args);
    List<String> lines = new ArrayList<>();
    try {
      Process process = new ProcessBuilder(command).directory(build.root().toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          out.println(line);
          lines.add(line);
        }
      }
      return new Output(process.waitFor(), lines);
    } catch (IOException e) {
      throw new PlatformException("cannot run " + main + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted while running " + main, e);
    }
  }
}
