package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.QoeRows.Minute;
import io.ottplatform.serving.it.QoeRows.View;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.ottplatform.testsupport.NodeModules;

/**
 * The dashboard page in Debian's headless Chromium (playwright-core) against the real service and PostgreSQL: an
 * analyst signs in with e-mail and password, the live tiles fill from the server-sent events (the page's own
 * fetch-based reader), echarts draws its charts, and a view the test writes to qoe_view after the page opened
 * appears in the views list without a reload; clicking it shows its QoE and why there is no timeline.
 *
 * <p>Skipped when Chromium or node is missing, unless the environment has {@code CI} set (then it fails).
 */
class DashboardBrowserIT {

  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      Paths.get("target"), ConfigOverride.config("dashboard.streamInterval", "500 milliseconds"));

  private static QoeRows qoe;
  private static Path browserDir;
  private static String skipReason;

  @BeforeAll
  static void start() throws Exception {
    skipReason = missing(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    if (skipReason == null) {
      skipReason = missing(NodeModules.nodeAvailable(), "node is not on the PATH (Node.js 20+)");
    }
    if (skipReason != null) {
      System.out.println("[dashboard-browser] SKIPPED: " + skipReason);
      return;
    }
    browserDir = NodeModules.prepare(Paths.get("src/test/dashboard-browser"), Paths.get("target/dashboard-browser"),
        DashboardBrowser.FILES);
    ServingApp.migrate(APP);
    qoe = new QoeRows(DB);
    qoe.migrate();
    ServingApp.createAccount("analyst@example.com", "analyst", Api.PASSWORD);
  }

  private static String missing(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      fail(what + "; CI is set, so the dashboard browser test must run (.ci/run installs .ci/apt-packages)");
    }
    return present ? null : what + ": dashboard browser test skipped (set CI to make this a failure)";
  }

  @Test
  void anAnalystSeesTheLiveTilesAndAViewWrittenAfterThePageOpened() throws Exception {
    assumeTrue(skipReason == null, skipReason);
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    // seven views started this minute, 0.5 s stalled of 10 s: the tiles must say 7 and 5.00 %
    qoe.insert(new Minute(minute, "GLOBAL", "all", 7, 5, 4, 2, 0, 1, 0, 500, 9_500, 900, 1_100));
    qoe.insert(new Minute(minute, "CDN", "akamai", 7, 5, 4, 2, 0, 1, 0, 500, 9_500, 900, 1_100));
    qoe.insert(new View("s-before-" + UUID.randomUUID(), "tt-1", "akamai", "DE", Instant.now().minusSeconds(600),
        Instant.now().minusSeconds(60), 700L, false, 0, 0, 60_000, null));

    ObjectNode plan = Api.JSON.createObjectNode().put("page", "http://localhost:" + APP.getLocalPort() + "/dashboard/")
        .put("chromium", CHROMIUM.toString()).put("email", "analyst@example.com").put("password", Api.PASSWORD)
        .put("expectViewsTile", "7");
    Path planFile = browserDir.resolve("plan.json");
    Files.writeString(planFile, plan.toString());

    try (DashboardBrowser browser = DashboardBrowser.start(browserDir, planFile)) {
      JsonNode tiles = Api.JSON.readTree(browser.next(Duration.ofSeconds(90)));
      assertThat(tiles.path("step").asText()).isEqualTo("tiles");
      assertThat(tiles.path("tiles").path("views").asText()).isEqualTo("7");
      assertThat(tiles.path("tiles").path("rebufferingRatio").asText()).isEqualTo("5.00 %");
      assertThat(tiles.path("tiles").path("concurrentPlays").asText()).isEqualTo("4");
      assertThat(tiles.path("tiles").path("startupTimeP50Ms").asText()).isEqualTo("900 ms");
      assertThat(tiles.path("tiles").path("videoPlaybackFailureRate").asText()).isEqualTo("50.00 %");
      assertThat(tiles.path("canvases").asInt()).as("echarts drew the four charts").isGreaterThanOrEqualTo(4);
      assertThat(tiles.path("status").asText()).isEqualTo("live");

      String sessionId = "s-after-" + UUID.randomUUID();
      assertThat(tiles.path("rowsBefore").toString()).doesNotContain(sessionId);
      qoe.insert(new View(sessionId, "tt-new", "edge-own", "FR", Instant.now().minusSeconds(120),
          Instant.now().minusSeconds(1), 1_234L, false, 2, 3_000, 57_000, null));
      browser.send(sessionId);

      JsonNode view = Api.JSON.readTree(browser.next(Duration.ofSeconds(60)));
      assertThat(view.path("step").asText()).isEqualTo("view");
      assertThat(view.path("row").toString()).contains(sessionId, "tt-new", "edge-own", "1234 ms", "5.00 %");
      assertThat(view.path("detail").path("startup").asText()).isEqualTo("1234 ms");
      assertThat(view.path("detail").path("rebuffers").asText()).isEqualTo("2 (3.0 s)");
      assertThat(view.path("timelineNote").asText()).contains("dashboard.trino.url");
      assertThat(view.path("consoleErrors")).as("errors in the page's console").isEmpty();
    }
  }
}
