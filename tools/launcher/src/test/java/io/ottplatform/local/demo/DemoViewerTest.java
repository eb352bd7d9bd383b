package io.ottplatform.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottplatform.local.PlatformConfig;
import io.ottplatform.local.seed.ServingClient;
import io.ottplatform.local.service.ServiceDefinition;
import io.ottplatform.local.service.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoViewerTest {

  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @TempDir Path home;

  @Test
  void withoutChromiumTheStepSaysSoAndTheDemoGoesOn() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    DemoViewer viewer = new DemoViewer(ROOT, home, new ServingClient(URI.create("http://127.0.0.1:1")),
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    Path nowhere = home.resolve("no-chromium-here");

    Optional<JsonNode> played = viewer.watch(nowhere, Demo.WATCH_PAGE, Demo.VIEWER_EMAIL, "password");

    assertThat(played).isEmpty();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("(no browser viewer: no chromium at " + nowhere).contains("OTT_CHROMIUM").contains("the demo goes on");
    assertThat(home.resolve("viewer")).as("nothing installed for a browser that is not there").doesNotExist();
  }

  @Test
  void chromiumIsDebiansUnlessOttChromiumNamesAnother() {
    assertThat(DemoViewer.chromium(Map.of())).isEqualTo(Path.of("/usr/bin/chromium"));
    assertThat(DemoViewer.chromium(Map.of("OTT_CHROMIUM", "/opt/chromium/chrome"))).isEqualTo(Path.of("/opt/chromium/chrome"));
  }

  @Test
  void theViewerNeedsChromiumAndNode() throws Exception {
    Path chromium = Files.createFile(home.resolve("chromium"));
    assertThat(DemoViewer.missing(chromium, p -> false, () -> true)).hasValueSatisfying(
        why -> assertThat(why).contains("no chromium at " + chromium));
    assertThat(DemoViewer.missing(chromium, p -> true, () -> false)).hasValueSatisfying(
        why -> assertThat(why).contains("node is not on the PATH"));
    assertThat(DemoViewer.missing(chromium, p -> true, () -> true)).isEmpty();
  }

  @Test
  void thePlanPlaysTheFirstDemoTitleToItsEndOnTheWatchPageAsOneDevice() {
    JsonNode plan = DemoViewer.plan(Path.of("/usr/bin/chromium"), Demo.WATCH_PAGE, Demo.VIEWER_EMAIL, "secret");
    // step 3b encodes the catalog's first titles: the first is the one the viewer presses
    assertThat(DemoCatalog.titles().get(0).name()).isEqualTo(DemoViewer.TITLE);
    assertThat(plan.path("title").asText()).isEqualTo("Nebula Drift");
    assertThat(plan.path("watchUrl").asText()).isEqualTo("http://localhost:8090/watch/");
    assertThat(plan.path("email").asText()).isEqualTo("viewer1@example.com");
    assertThat(plan.path("deviceId").asText()).isEqualTo(DemoViewer.DEVICE_ID);
    assertThat(plan.path("playSeconds").asInt()).as("past the 24 s clip: the view ends with the title").isGreaterThan(24);
  }

  @Test
  void theWatchPagesOriginIsOneIngestApiAnswersCorsForAndItsSdkPostsToThisPlatformsIngestApi() {
    List<ServiceDefinition> table = Services.table(PlatformConfig.from(Map.of("OTT_HOME", home.toString())), ROOT);
    Map<String, String> ingest = Services.find(table, Services.INGEST).env();
    Map<String, String> serving = Services.find(table, Services.SERVING).env();
    String origin = Demo.WATCH_PAGE.getScheme() + "://" + Demo.WATCH_PAGE.getAuthority();

    assertThat(List.of(ingest.get("OTT_INGEST_CORS_ORIGINS").split(","))).contains(origin, "http://127.0.0.1:8090");
    assertThat(serving.get("OTT_SERVING_WATCH_INGEST_URL")).isEqualTo(Services.find(table, Services.INGEST).address());
    assertThat(serving).as("a browser here sends no CDN country header").containsEntry("OTT_SERVING_FALLBACK_COUNTRY", "US");
  }

  @Test
  void theDashboardsViewIsPrintedInTheUnitsTheDashboardShows() throws Exception {
    JsonNode view = ServingClient.json().readTree("""
        {"sessionId":"s-1","playerName":"hls.js","cdn":"serving-api-origin","startupTimeMs":412,"rebufferCount":1,
         "rebufferDurationMs":650,"rebufferingRatio":0.0271,"playingTimeMs":23350,"watchTimeMs":24420,
         "videoStartFailure":false,"videoPlaybackFailure":false,"exitBeforeVideoStart":false}""");
    assertThat(DemoViewer.describe(view)).isEqualTo("session s-1: player hls.js, CDN serving-api-origin, startup 412 ms, "
        + "1 rebuffer(s) (0.7 s, rebuffering 2.71 %), played 23.4 s of 24.4 s watched, failure: none");
  }
}
