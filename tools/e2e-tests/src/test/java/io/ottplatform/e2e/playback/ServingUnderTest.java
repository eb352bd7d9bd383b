package io.ottplatform.e2e.playback;

import static org.junit.jupiter.api.Assertions.fail;

import io.dropwizard.testing.ResourceHelpers;
import io.ottplatform.media.engine.FfmpegEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What the tests that play serving-api's grants in Chromium set up alike: a work folder under {@code target/}, a
 * port picked before serving-api starts (grants and playlists carry absolute URLs on it, so {@code publicBaseUrl}
 * must name it), {@code e2e-serving-config.yml} written with that port, a random media master key, and the reason to
 * skip when Chromium or node is missing (a failure under {@code CI}, where .ci/run installs both).
 */
final class ServingUnderTest {

  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));

  private ServingUnderTest() {}

  /** {@code target/<name>}, emptied. */
  static Path workDir(String name) {
    try {
      Path dir = Paths.get("target", name).toAbsolutePath();
      if (Files.exists(dir)) {
        FfmpegEngine.deleteRecursively(dir);
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The config file in {@code work}: the YAML with {@code port} written in. */
  static Path configPath(Path work) {
    return work.resolve("serving-config.yml");
  }

  static String writeConfig(Path work, int port) {
    try {
      String yaml = Files.readString(Path.of(ResourceHelpers.resourceFilePath("e2e-serving-config.yml")))
          .replace("${E2E_PORT}", Integer.toString(port));
      Files.writeString(configPath(work), yaml);
      return configPath(work).toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String masterKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Null when Chromium and node are there; outside CI the reason to skip {@code test}; under CI a failure. */
  static String skipReason(String test) {
    String reason = !java.nio.file.Files.isExecutable(CHROMIUM)
        ? "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium; it is in .ci/apt-packages)"
        : !BrowserPlayers.nodeAvailable() ? "node is not on the PATH (Node.js 18+ runs playwright-core)" : null;
    if (reason == null) {
      return null;
    }
    if (System.getenv("CI") != null) {
      fail(reason + "; CI is set, so " + test + " must run (.ci/run installs .ci/apt-packages)");
    }
    return reason + ": " + test + " skipped (set CI to make this a failure)";
  }
}
