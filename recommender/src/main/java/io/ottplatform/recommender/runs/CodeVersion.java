package io.ottplatform.recommender.runs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The code version recorded with a run: {@code OTT_CODE_VERSION} if the deployment sets it (an image
 * built from a commit), else the checkout's {@code git rev-parse HEAD} (with {@code -dirty} when
 * tracked files differ from it, so a run from uncommitted code is not mistaken for the commit), else
 * the project version the jar was built as.
 */
public final class CodeVersion {

  private CodeVersion() {}

  public static String resolve(Map<String, String> env) {
    String fromEnv = env.get("OTT_CODE_VERSION");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    String head = git("rev-parse", "HEAD");
    if (head != null && head.matches("[0-9a-f]{40}")) {
      String status = git("status", "--porcelain", "--untracked-files=no");
      return status == null || status.isEmpty() ? head : head + "-dirty";
    }
    return projectVersion();
  }

  static String projectVersion() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/recommender-build.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("project.version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String git(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return null; // no git on the machine (a cluster image): fall back
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
