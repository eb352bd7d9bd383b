package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.QoeRows.Minute;
import io.ottplatform.serving.it.QoeRows.View;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's JSON over a real PostgreSQL whose qoe_minute and qoe_view come from the QoE job's own changelog:
 * figures are ratios of sums and merged-sketch percentiles, computed here by hand from the rows; roles; bad
 * parameters; the views list and its cursor; the live stream's updates, heartbeat and bound.
 */
class DashboardIT {

  /** A closed past hour no other test writes into. */
  private static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir(), ConfigOverride.config("dashboard.streamInterval", "300 milliseconds"),
      ConfigOverride.config("dashboard.heartbeatInterval", "200 milliseconds"),
      ConfigOverride.config("dashboard.maxStreams", "2"),
      ConfigOverride.config("dashboard.maxLimit", "100"));

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static Api api;
  private static QoeRows qoe;
  private static String analyst;

  @BeforeAll
  static void start() throws Exception {
    ServingApp.migrate(APP);
    qoe = new QoeRows(DB);
    qoe.migrate();
    api = new Api(APP);
    ServingApp.createAccount("analyst@example.com", "analyst", Api.PASSWORD);
    analyst = api.login("analyst@example.com", "dash").accessToken();
    // two minutes of one closed hour: the global rows and two CDNs (akamai in both minutes, edge-own in the second)
    qoe.insert(new Minute(T0, "GLOBAL", "all", 3, 2, 2, 2, 0, 1, 0, 1_000, 99_000, 200, 400));
    qoe.insert(new Minute(T1, "GLOBAL", "all", 2, 2, 3, 3, 1, 0, 1, 30_000, 30_000, 100, 300));
    qoe.insert(new Minute(T0, "CDN", "akamai", 3, 2, 2, 2, 0, 1, 0, 1_000, 99_000, 200, 400));
    qoe.insert(new Minute(T1, "CDN", "akamai", 0, 1, 1, 1, 0, 0, 0, 0, 10_000, 100));
    qoe.insert(new Minute(T1, "CDN", "edge-own", 2, 1, 2, 2, 1, 0, 1, 30_000, 20_000, 300));
    // the minute after the range: must not count
    qoe.insert(new Minute(T1.plusSeconds(60), "GLOBAL", "all", 100, 100, 100, 100, 50, 50, 50, 9_000, 1_000, 9_000));
  }

  @Test
  void qoeOverARangeIsRatiosOfSumsAndPercentilesOfTheMergedSketches() {
    Reply r = api.get("/v1/dashboard/qoe?from=" + T0 + "&to=" + T1.plusSeconds(60) + "&by=cdn", analyst);

    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    JsonNode global = r.json().path("global");
    assertThat(global.path("views").asLong()).isEqualTo(5);
    assertThat(global.path("viewsEnded").asLong()).isEqualTo(5);
    // (1,000 + 30,000) / (1,000 + 99,000 + 30,000 + 30,000); the mean of the minutes' ratios would be 0.255
    assertThat(global.path("rebufferingRatio").asDouble()).isCloseTo(31_000.0 / 160_000, within(1e-12));
    assertThat(global.path("videoStartFailureRate").asDouble()).isCloseTo(1.0 / 5, within(1e-12));
    assertThat(global.path("videoPlaybackFailureRate").asDouble()).isCloseTo(1.0 / 5, within(1e-12));
    assertThat(global.path("exitBeforeVideoStartRate").asDouble()).isCloseTo(1.0 / 5, within(1e-12));
    // startup times 200, 400 | 100, 300 merged: the inclusive median of {100, 200, 300, 400} is 200
    assertThat(global.path("startupTimeP50Ms").asDouble()).isEqualTo(200.0);
    assertThat(global.path("startupTimeP95Ms").asDouble()).isEqualTo(400.0);
    assertThat(global.path("concurrentPlays").asLong()).as("the range's latest minute").isEqualTo(3);
    assertThat(global.path("peakConcurrentPlays").asLong()).isEqualTo(3);

    JsonNode groups = r.json().path("groups");
    assertThat(groups).hasSize(2);
    JsonNode akamai = groups.get(0);
    assertThat(akamai.path("value").asText()).isEqualTo("akamai");
    assertThat(akamai.path("rebufferingRatio").asDouble()).isCloseTo(1_000.0 / 110_000, within(1e-12));
    assertThat(akamai.path("videoPlaybackFailureRate").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(akamai.path("startupTimeP50Ms").asDouble()).as("median of 100, 200, 400").isEqualTo(200.0);
    assertThat(akamai.path("concurrentPlays").asLong()).isEqualTo(1);
    assertThat(akamai.path("peakConcurrentPlays").asLong()).isEqualTo(2);
    JsonNode edge = groups.get(1);
    assertThat(edge.path("value").asText()).isEqualTo("edge-own");
    assertThat(edge.path("rebufferingRatio").asDouble()).isCloseTo(0.6, within(1e-12));
    assertThat(edge.path("videoStartFailureRate").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(edge.path("exitBeforeVideoStartRate").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(edge.path("startupTimeP50Ms").asDouble()).isEqualTo(300.0);
  }

  @Test
  void anEmptyRangeHasZeroRatesAndNoPercentiles() {
    Reply r = api.get("/v1/dashboard/qoe?from=2020-01-01T00:00:00Z&to=2020-01-01T01:00:00Z", analyst);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("global").path("views").asLong()).isZero();
    assertThat(r.json().path("global").path("rebufferingRatio").asDouble()).isZero();
    assertThat(r.json().path("global").path("startupTimeP50Ms").isNull()).isTrue();
    assertThat(r.json().path("groups")).isEmpty();
  }

  @Test
  void onlyAdminsAndAnalystsSeeTheDashboard() {
    String viewer = api.signUpAndLogin("viewer-" + UUID.randomUUID() + "@example.com", "tv").accessToken();
    ServingApp.createAccount("editor@example.com", "editor", Api.PASSWORD);
    String editor = api.login("editor@example.com", "cms").accessToken();
    String admin = api.adminLogin("admin@example.com", "ops").accessToken();

    for (String path : List.of("/v1/dashboard/qoe", "/v1/dashboard/views", "/v1/dashboard/views/s-1",
        "/v1/dashboard/media-jobs", "/v1/dashboard/stream", "/v1/dashboard/lake/qoe",
        "/v1/dashboard/lake/engagement", "/v1/dashboard/lake/titles/tt-1/dropoff")) {
      assertThat(api.get(path, null).status()).as("anonymous " + path).isEqualTo(401);
      assertThat(api.get(path, viewer).status()).as("viewer " + path).isEqualTo(403);
      assertThat(api.get(path, editor).status()).as("editor " + path).isEqualTo(403);
    }
    assertThat(api.get("/v1/dashboard/qoe", admin).status()).isEqualTo(200);
    assertThat(api.get("/v1/dashboard/media-jobs", analyst).status()).isEqualTo(200);
  }

  @Test
  void badParametersAre400NamingTheParameter() {
    assertBad("/v1/dashboard/qoe?by=isp", "by must be one of cdn, country, device, player, title: isp");
    assertBad("/v1/dashboard/qoe?from=" + T1 + "&to=" + T0, "from must be before to");
    assertBad("/v1/dashboard/qoe?from=yesterday", "from must be an ISO-8601 instant");
    assertBad("/v1/dashboard/qoe?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "from..to is longer than");
    assertBad("/v1/dashboard/views?limit=101", "limit must be an integer from 1 to 100: 101");
    assertBad("/v1/dashboard/views?limit=0", "limit must be an integer from 1 to 100: 0");
    assertBad("/v1/dashboard/views?cursor=not-ours", "cursor is not a cursor this endpoint returned");
    assertBad("/v1/dashboard/media-jobs?limit=1000", "limit must be an integer from 1 to 100");
    assertBad("/v1/dashboard/lake/qoe?from=2026-11-25T00:00:00Z", "from must be a UTC day such as 2026-11-25");
    assertBad("/v1/dashboard/lake/qoe?by=isp", "by must be one of cdn, country, device, player, title: isp");
    assertBad("/v1/dashboard/lake/engagement?from=2026-11-26&to=2026-11-25", "from must not be after to");
    assertBad("/v1/dashboard/lake/engagement?limit=101", "limit must be an integer from 1 to 100: 101");
    assertBad("/v1/dashboard/lake/titles/tt-1/dropoff?from=2026-10-01&to=2026-11-25",
        "from..to is longer than 31 days");
  }

  @Test
  void withoutTheLakeTheLakeReportsSaySoAndNameTheSetting() {
    for (String path : List.of("/v1/dashboard/lake/qoe?from=2026-11-24&to=2026-11-25&by=cdn",
        "/v1/dashboard/lake/engagement", "/v1/dashboard/lake/titles/tt-1/dropoff")) {
      Reply r = api.get(path, analyst);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.json().path("available").asBoolean()).as(path).isFalse();
      assertThat(r.json().path("unavailableReason").asText()).as(path).contains("dashboard.trino.url");
    }
    assertThat(api.get("/v1/dashboard/lake/qoe?from=2026-11-24&to=2026-11-25", analyst).json().path("from").asText())
        .as("days as ISO strings").isEqualTo("2026-11-24");
  }

  @Test
  void theViewsListIsNewestFirstFiltersAndPagesWithoutRepeats() throws Exception {
    String title = "tt-views-" + UUID.randomUUID();
    Instant end = T0.plus(2, ChronoUnit.HOURS);
    for (int i = 0; i < 5; i++) {
      qoe.insert(new View("s-page-" + i + "-" + title, title, i % 2 == 0 ? "akamai" : "edge-own", "DE",
          end.minusSeconds(600 + i), end.minusSeconds(i), 800L + i, false, i, 100L * i, 60_000, null));
    }
    String range = "from=" + T0 + "&to=" + T0.plus(3, ChronoUnit.HOURS) + "&title=" + title;

    Reply first = api.get("/v1/dashboard/views?" + range + "&limit=2", analyst);
    assertThat(first.status()).isEqualTo(200);
    List<String> seen = new ArrayList<>(sessions(first));
    assertThat(seen).containsExactly("s-page-0-" + title, "s-page-1-" + title);
    String cursor = first.text("nextCursor");
    while (!cursor.isEmpty() && !"null".equals(cursor)) {
      Reply next = api.get("/v1/dashboard/views?" + range + "&limit=2&cursor=" + cursor, analyst);
      seen.addAll(sessions(next));
      cursor = next.json().path("nextCursor").isNull() ? "" : next.text("nextCursor");
    }
    assertThat(seen).as("every view once, newest end first").containsExactly(Stream.of(0, 1, 2, 3, 4)
        .map(i -> "s-page-" + i + "-" + title).toArray(String[]::new));

    Reply akamai = api.get("/v1/dashboard/views?" + range + "&cdn=akamai", analyst);
    assertThat(sessions(akamai)).containsExactly("s-page-0-" + title, "s-page-2-" + title, "s-page-4-" + title);
    JsonNode view = akamai.json().path("views").get(1);
    assertThat(view.path("startupTimeMs").asLong()).isEqualTo(802);
    assertThat(view.path("rebufferCount").asInt()).isEqualTo(2);
    assertThat(view.path("rebufferingRatio").asDouble()).isCloseTo(200.0 / 60_200, within(1e-12));
  }

  @Test
  void oneViewComesWithItsQoeAndSaysWhyThereIsNoTimelineWithoutTheLake() throws Exception {
    String id = "s-detail-" + UUID.randomUUID();
    qoe.insert(new View(id, "tt-detail", "akamai", "FR", T0, T0.plusSeconds(300), null, true, 0, 0, 0, "MEDIA_ERR"));

    Reply r = api.get("/v1/dashboard/views/" + id, analyst);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("view").path("videoStartFailure").asBoolean()).isTrue();
    assertThat(r.json().path("view").path("errorCode").asText()).isEqualTo("MEDIA_ERR");
    assertThat(r.json().path("view").path("startupTimeMs").isNull()).isTrue();
    assertThat(r.json().path("timeline").path("available").asBoolean()).isFalse();
    assertThat(r.json().path("timeline").path("unavailableReason").asText()).contains("dashboard.trino.url");

    Reply missing = api.get("/v1/dashboard/views/s-none", analyst);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text("message")).contains("s-none");
  }

  @Test
  void mediaJobsAreListedNewestFirstWithProgress() throws Exception {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO media_jobs (job_id, title_id, state, percent, speed, eta_seconds, updated_at) "
            + "VALUES (?, 'tt-media', ?, ?, 1.5, 12, ?)")) {
      Instant now = Instant.now();
      for (Object[] job : List.of(new Object[] {"job-old", "DONE", 100f, now.minusSeconds(60)},
          new Object[] {"job-new", "ENCODING", 40f, now})) {
        ps.setString(1, (String) job[0]);
        ps.setString(2, (String) job[1]);
        ps.setFloat(3, (Float) job[2]);
        ps.setTimestamp(4, Timestamp.from((Instant) job[3]));
        ps.executeUpdate();
      }
    }
    Reply r = api.get("/v1/dashboard/media-jobs", analyst);
    assertThat(r.status()).isEqualTo(200);
    JsonNode jobs = r.json().path("jobs");
    assertThat(jobs.get(0).path("jobId").asText()).isEqualTo("job-new");
    assertThat(jobs.get(0).path("percent").asDouble()).isEqualTo(40.0);
    assertThat(jobs.get(0).path("etaSeconds").asInt()).isEqualTo(12);
    assertThat(jobs.get(1).path("jobId").asText()).isEqualTo("job-old");
  }

  @Test
  void theStreamPushesTheLiveSummaryAgainAfterARowChangesWithHeartbeats() throws Exception {
    String cdn = "cdn-live-" + UUID.randomUUID();
    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (SseReader stream = SseReader.openWhenFree(APP.getLocalPort(), analyst)) {
      await("a first summary").atMost(Duration.ofSeconds(20)).until(() -> stream.events("qoe").size() >= 1);
      assertThat(stream.contentType()).startsWith("text/event-stream");

      qoe.insert(new Minute(minute, "CDN", cdn, 4, 3, 3, 2, 0, 0, 0, 500, 9_500, 1_000, 3_000));
      JsonNode live = await("the new CDN in a later summary").atMost(Duration.ofSeconds(20))
          .until(() -> stream.latestFor(cdn), n -> n != null);
      assertThat(live.path("views").asLong()).isEqualTo(4);
      assertThat(live.path("rebufferingRatio").asDouble()).isCloseTo(0.05, within(1e-12));
      assertThat(live.path("concurrentPlays").asLong()).isEqualTo(3);

      qoe.insert(new Minute(minute, "CDN", cdn, 6, 5, 5, 3, 0, 0, 0, 500, 9_500, 1_000, 3_000, 2_000));
      await("the changed row in a later summary").atMost(Duration.ofSeconds(20))
          .until(() -> stream.latestFor(cdn), n -> n != null && n.path("views").asLong() == 6);
      await("a heartbeat comment").atMost(Duration.ofSeconds(20)).until(stream::heartbeats, n -> n >= 1);
    }
  }

  @Test
  void streamsAreBoundedAndAClosedStreamFreesItsPlace() throws Exception {
    try (SseReader a = SseReader.openWhenFree(APP.getLocalPort(), analyst)) {
      SseReader b = SseReader.openWhenFree(APP.getLocalPort(), analyst);
      try {
        Reply third = api.get("/v1/dashboard/stream", analyst);
        assertThat(third.status()).as("maxStreams is 2").isEqualTo(503);
        assertThat(third.text("reason")).isEqualTo("too_many_streams");
        assertThat(third.header("Retry-After")).isNotNull();
      } finally {
        b.close();
      }
      // the server notices the closed connection at its next write and frees the place
      SseReader.openWhenFree(APP.getLocalPort(), analyst).close();
    }
  }

  private static void assertBad(String path, String message) {
    Reply r = api.get(path, analyst);
    assertThat(r.status()).as(path).isEqualTo(400);
    assertThat(r.text("message")).as(path).contains(message);
  }

  private static List<String> sessions(Reply r) {
    List<String> ids = new ArrayList<>();
    r.json().path("views").forEach(v -> ids.add(v.path("sessionId").asText()));
    return ids;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("dashboard-it");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A live stream read line by line on a thread of its own, as a browser reads it. */
  static final class SseReader implements AutoCloseable {
    private final List<String[]> events = new CopyOnWriteArrayList<>(); // {event, data}
    private final HttpResponse<Stream<String>> response;
    private volatile int heartbeats;

    private SseReader(HttpResponse<Stream<String>> response) {
      this.response = response;
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Returns once the response's status and headers arrived; the body is read in the background. */
    static SseReader open(int port, String token) throws IOException, InterruptedException {
      return new SseReader(HTTP.send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + port + "/v1/dashboard/stream"))
          .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofLines()));
    }

    /** A stream once a place is free (a stream another test closed is freed at the server's next write). */
    static SseReader openWhenFree(int port, String token) {
      return await("a free stream place").atMost(Duration.ofSeconds(20)).until(() -> {
        SseReader r = open(port, token);
        if (r.status() == 200) {
          return r;
        }
        r.close();
        return null;
      }, r -> r != null);
    }

    private void read() {
      String event = "message";
      StringBuilder data = new StringBuilder();
      try {
        for (var it = response.body().iterator(); it.hasNext(); ) {
          String line = it.next();
          if (line.startsWith(": heartbeat")) {
            heartbeats++;
          } else if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data.append(line.substring(6));
          } else if (line.isEmpty() && data.length() > 0) {
            events.add(new String[] {event, data.toString()});
            event = "message";
            data.setLength(0);
          }
        }
      } catch (java.io.UncheckedIOException | IllegalStateException closedByTheTest) {
        // the stream was closed
      }
    }

    int status() {
      return response.statusCode();
    }

    String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }

    int heartbeats() {
      return heartbeats;
    }

    List<JsonNode> events(String type) {
      return events.stream().filter(e -> e[0].equals(type)).map(e -> {
        try {
          return Api.JSON.readTree(e[1]);
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }).toList();
    }

    /** The CDN's figures in the newest summary, null when it has none. */
    JsonNode latestFor(String cdn) {
      List<JsonNode> qoe = events("qoe");
      if (qoe.isEmpty()) {
        return null;
      }
      for (JsonNode n : qoe.get(qoe.size() - 1).path("by").path("cdn")) {
        if (n.path("value").asText().equals(cdn)) {
          return n;
        }
      }
      return null;
    }

    @Override
    public void close() {
      response.body().close();
    }
  }
}
