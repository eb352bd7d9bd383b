package io.ottplatform.local.build;

import io.ottplatform.local.PlatformException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs Maven in the repository. Its output (with {@code -q}: errors only) goes to {@code out} without the
 * colour resets Maven 3.8 prints even in batch mode with {@code -Dstyle.color=never}.
 */
public final class Maven {

  private Maven() {}

  /** {@code OTT_MVN}, else {@code mvn} on the PATH (the {@code ott} script checked that it is there). */
  public static String executable() {
    String configured = System.getenv("OTT_MVN");
    return configured == null || configured.isBlank() ? "mvn" : configured;
  }

  public static int run(Path root, List<String> command, PrintStream out) {
    try {
      Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          String clean = line.replaceAll("\u001b\\[[0-9;]*m", "");
          if (!clean.isBlank()) {
            out.println(clean);
          }
        }
      }
      return process.waitFor();
    } catch (IOException e) {
      throw new PlatformException("cannot run " + command.get(0) + " (is Maven installed?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted while running Maven", e);
    }
  }
}
