package io.ottplatform.e2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.e2e.sdk.SdkBrowser;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ChangeOperation;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.StreamType;
import io.ottplatform.schemas.avro.TitleSnapshot;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.ViewContext;
import io.ottplatform.simulator.ViewScript;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.testsupport.TrinoServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's lake panels (issue #13) against the real writer and a real Trino. Designed views of two titles on
 * two days go to a real broker; the real batch-jobs entry point ({@code BatchJobs}, Spark {@code local[2]}, its own
 * process) lands them, lands the catalog's changes into {@code dim.titles}, and sessionizes each day (which rebuilds
 * the daily tables); a real Trino reads that Iceberg catalog; the real serving-api, with {@code dashboard.trino.url}
 * pointing at it, answers an analyst made with its own {@code admin create}. The expected figures are worked out by
 * hand from the designed views below (docs/qoe.md's definitions), never by the code under test:
 *
 * <pre>
 * title A (10 min)  day 1: A1 p1 akamai   startup 400, plays to 25 %           watch 300+400+150,000
 *                          A2 p2 akamai   startup 800, 2 s stall, plays to 50 %  watch 300+800+302,000
 *                          A3 p1 edge-own startup 1200, plays to 95 %           watch 300+1,200+570,000
 *                          A5 p4 akamai   leaves before the first frame (EBVS)  watch 3,300
 *                   day 2: A4 p1 akamai   startup 600, plays to the end         watch 300+600+600,000
 * title B (20 min)  day 1: B1 p2 edge-own startup 500, 1 s stall, plays to 10 % watch 300+500+121,000
 *                          B2 p5 akamai   fatal error before the first frame (VSF), watch 300+500
 * </pre>
 *
 * The QoE job (its own process) writes {@code qoe_view}, so the dashboard also opens A2 and shows its event timeline
 * from the lake: one of A2's events is sent twice (an SDK retry) and is in the raw table twice, on the page once.
 */
@Timeout(900)
class LakePanelsIT {

  static final Instant DAY1 = Instant.parse("2026-11-24T10:00:00Z");
  static final Instant DAY2 = Instant.parse("2026-11-25T10:00:00Z");
  static final String TITLE_A = "tt-lake-a";
  static final String TITLE_B = "tt-lake-b";
  static final long A_MS = 600_000;
  static final long B_MS = 1_200_000;
  static final String ANALYST = "lake-analyst@example.com";
  static final String PASSWORD = "correct horse battery staple";
  static final String DB_IN_FILE = "jdbc:postgresql://127.0.0.1:5432/set-by-the-test";
  static final Path SERVING_CONFIG = Paths.get("src/test/sdk-dashboard/serving-config.yml");
  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(3) static final TrinoServerExtension TRINO = new TrinoServerExtension(DB);
  @TempDir static Path dir;

  static SimulatedView a2;
  static PlaybackEvent resent;
  static ChildJvm qoeJob;
  static DropwizardAppExtension<ServingConfiguration> serving;
  static String token;

  @BeforeAll
  static void landSessionizeAndServe() throws Exception {
    List<SimulatedView> views = new ArrayList<>();
    views.add(view("A1", TITLE_A, A_MS, "p1", "akamai", DAY1)
        .ready(200).play(100).firstFrame(400, 3000).playFor(150_000).end(0).build());
    a2 = view("A2", TITLE_A, A_MS, "p2", "akamai", DAY1.plusSeconds(600))
        .ready(200).play(100).firstFrame(800, 3000).playFor(100_000).stall(2_000).playFor(200_000).end(0).build();
    views.add(a2);
    views.add(view("A3", TITLE_A, A_MS, "p1", "edge-own", DAY1.plusSeconds(1200))
        .ready(200).play(100).firstFrame(1_200, 3000).playFor(570_000).end(0).build());
    views.add(view("A5", TITLE_A, A_MS, "p4", "akamai", DAY1.plusSeconds(1800))
        .ready(200).play(100).end(3_000).build());
    views.add(view("B1", TITLE_B, B_MS, "p2", "edge-own", DAY1.plusSeconds(2400))
        .ready(200).play(100).firstFrame(500, 3000).playFor(60_000).stall(1_000).playFor(60_000).end(0).build());
    views.add(view("B2", TITLE_B, B_MS, "p5", "akamai", DAY1.plusSeconds(3000))
        .ready(200).play(100).fatalError("MEDIA_ERR_SRC_NOT_SUPPORTED").end(500).build());
    views.add(view("A4", TITLE_A, A_MS, "p1", "akamai", DAY2)
        .ready(200).play(100).firstFrame(600, 3000).playFor(600_000).ended(0).build());
    resent = a2.events().stream().filter(e -> e.getEventType() == EventType.REBUFFER_START).findFirst().orElseThrow();

    List<PlaybackEvent> events = new ArrayList<>();
    views.forEach(v -> events.addAll(v.events()));
    events.add(resent); // an SDK's retry: the same event id and sequence again
    produce(Topics.PLAYBACK_EVENTS.name(), Topics.PLAYBACK_EVENTS.valueSerde().serializer(), events,
        PlaybackEvent::getSessionId);
    Instant catalogTime = DAY1.minus(Duration.ofDays(10));
    produce(Topics.CATALOG_CHANGES.name(), Topics.CATALOG_CHANGES.valueSerde().serializer(), List.of(
        upsert(1, TITLE_A, 1, catalogTime, "Harbour Lights"),
        upsert(2, TITLE_A, 2, catalogTime.plus(Duration.ofDays(1)), "Harbour Lights: Director's Cut")),
        CatalogChange::getTitleId);

    qoeJob = QoeJobProcess.start("lake-panels-it", KAFKA, DB, dir);
    BatchJobsProcess batch = new BatchJobsProcess(DB, TRINO.warehouse(), KAFKA.bootstrapServers(), dir);
    batch.run("land");
    batch.run("land-titles");
    batch.run("sessionize", "--date", "2026-11-24");
    batch.run("sessionize", "--date", "2026-11-25");

    // the views list reads qoe_view: the QoE job's summary of A2, written a second after its VIEW_END
    await("A2 in qoe_view (log: " + dir.resolve("qoe-job.log") + ")").atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
          assertThat(qoeJob.isAlive()).as("the QoE job is running").isTrue();
          return inQoeView(a2.sessionId());
        });

    Path config = Files.writeString(dir.resolve("serving-config.yml"),
        Files.readString(SERVING_CONFIG).replace(DB_IN_FILE, DB.jdbcUrl()));
    serving = new DropwizardAppExtension<>(ServingApplication.class, config.toString(),
        ConfigOverride.config("dashboard.trino.url", TRINO.jdbcUrl()));
    serving.before();
    serving.getApplication().run("db", "migrate", config.toString());
    ServingCli.createAccount(ANALYST, "analyst", PASSWORD, config, dir);
    token = login();
  }

  @AfterAll
  static void stop() throws Exception {
    if (serving != null) {
      serving.after();
    }
    if (qoeJob != null) {
      qoeJob.close();
    }
  }

  @Test
  void dailyQoeIsPerDayWithRebufferingAsARatioOfSums() throws Exception {
    JsonNode answer = get("/v1/dashboard/lake/qoe?from=2026-11-24&to=2026-11-25");
    assertThat(answer.path("available").asBoolean()).as(answer.toString()).isTrue();
    JsonNode days = answer.path("days");
    assertThat(days).hasSize(2);

    JsonNode day1 = days.get(0);
    assertThat(day1.path("day").asText()).isEqualTo("2026-11-24");
    assertThat(day1.path("value").asText()).isEqualTo("all");
    assertThat(day1.path("views").asLong()).as("A1 A2 A3 A5 B1 B2").isEqualTo(6);
    assertThat(day1.path("plays").asLong()).as("A1 A2 A3 B1").isEqualTo(4);
    assertThat(day1.path("rebufferDurationMs").asLong()).as("A2's 2 s and B1's 1 s").isEqualTo(3_000);
    assertThat(day1.path("playingTimeMs").asLong()).isEqualTo(150_000 + 300_000 + 570_000 + 120_000);
    // the ratio of the day's sums; the mean of the views' ratios would be 0.00372
    assertThat(day1.path("rebufferingRatio").asDouble()).isCloseTo(3_000.0 / 1_143_000, within(1e-12));
    assertThat(day1.path("videoStartFailureRate").asDouble()).as("B2").isCloseTo(1 / 6.0, within(1e-12));
    assertThat(day1.path("exitBeforeVideoStartRate").asDouble()).as("A5").isCloseTo(1 / 6.0, within(1e-12));
    assertThat(day1.path("videoPlaybackFailureRate").asDouble()).isZero();
    assertThat(day1.path("startupTimeP95Ms").asDouble()).as("startups 400 500 800 1200").isEqualTo(1_200);
    assertThat(day1.path("startupTimeP50Ms").asDouble()).as("a middle one of 400 500 800 1200").isIn(500.0, 800.0);

    JsonNode day2 = days.get(1);
    assertThat(day2.path("day").asText()).isEqualTo("2026-11-25");
    assertThat(day2.path("views").asLong()).isEqualTo(1);
    assertThat(day2.path("rebufferingRatio").asDouble()).isZero();
    assertThat(day2.path("startupTimeP50Ms").asDouble()).isEqualTo(600);
  }

  @Test
  void dailyQoeByCdnAndForOneTitle() throws Exception {
    JsonNode byCdn = get("/v1/dashboard/lake/qoe?from=2026-11-24&to=2026-11-24&by=cdn").path("days");
    assertThat(byCdn).hasSize(2);
    JsonNode akamai = byCdn.get(0);
    JsonNode edge = byCdn.get(1);
    assertThat(akamai.path("value").asText()).isEqualTo("akamai");
    assertThat(akamai.path("views").asLong()).as("A1 A2 A5 B2").isEqualTo(4);
    assertThat(akamai.path("rebufferingRatio").asDouble()).isCloseTo(2_000.0 / 452_000, within(1e-12));
    assertThat(akamai.path("videoStartFailureRate").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(edge.path("value").asText()).isEqualTo("edge-own");
    assertThat(edge.path("rebufferingRatio").asDouble()).isCloseTo(1_000.0 / 691_000, within(1e-12));
    assertThat(edge.path("startupTimeP95Ms").asDouble()).as("A3 1200, B1 500").isEqualTo(1_200);

    JsonNode titleB = get("/v1/dashboard/lake/qoe?from=2026-11-24&to=2026-11-25&title=" + TITLE_B);
    assertThat(titleB.path("title").asText()).isEqualTo(TITLE_B);
    assertThat(titleB.path("days")).hasSize(1);
    assertThat(titleB.path("days").get(0).path("views").asLong()).as("B1 B2").isEqualTo(2);
    assertThat(titleB.path("days").get(0).path("rebufferingRatio").asDouble())
        .isCloseTo(1_000.0 / 121_000, within(1e-12));
  }

  @Test
  void engagementCountsViewersOnceOverTheRangeAndNamesTitlesByTheirCurrentVersion() throws Exception {
    JsonNode answer = get("/v1/dashboard/lake/engagement?from=2026-11-24&to=2026-11-25");
    assertThat(answer.path("available").asBoolean()).as(answer.toString()).isTrue();
    JsonNode titles = answer.path("titles");
    assertThat(titles).hasSize(2);
    JsonNode a = titles.get(0);
    assertThat(a.path("titleId").asText()).as("most minutes first").isEqualTo(TITLE_A);
    assertThat(a.path("name").asText()).as("dim.titles' current row").isEqualTo("Harbour Lights: Director's Cut");
    assertThat(a.path("views").asLong()).isEqualTo(5);
    assertThat(a.path("plays").asLong()).isEqualTo(4);
    assertThat(a.path("uniqueViewers").asLong()).as("p1 p2 p4 (p1 on both days; the days' sum would be 4)")
        .isEqualTo(3);
    assertThat(a.path("minutesWatched").asDouble())
        .isCloseTo((150_700 + 303_100 + 571_500 + 3_300 + 600_900) / 60_000.0, within(1e-9));
    assertThat(a.path("completedViews").asLong()).as("A3 at 95 %, A4 to the end").isEqualTo(2);
    assertThat(a.path("completionRate").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(a.path("averageShareWatched").asDouble()).isCloseTo((0.25 + 0.5 + 0.95 + 1.0) / 4, within(1e-9));

    JsonNode b = titles.get(1);
    assertThat(b.path("titleId").asText()).isEqualTo(TITLE_B);
    assertThat(b.path("name").isNull()).as("no catalog change of B was landed").isTrue();
    assertThat(b.path("uniqueViewers").asLong()).isEqualTo(2);
    assertThat(b.path("minutesWatched").asDouble()).isCloseTo((121_800 + 800) / 60_000.0, within(1e-9));
    assertThat(b.path("averageShareWatched").asDouble()).as("B1 got to 10 %; B2 never played")
        .isCloseTo(0.1, within(1e-9));

    assertThat(get("/v1/dashboard/lake/engagement?from=2026-11-24&to=2026-11-25&limit=1").path("titles"))
        .hasSize(1);
  }

  @Test
  void theDropoffCurveIsTheShareOfPlaysStillWatchingAtEach5Percent() throws Exception {
    JsonNode answer = get("/v1/dashboard/lake/titles/" + TITLE_A + "/dropoff?from=2026-11-24&to=2026-11-25");
    assertThat(answer.path("available").asBoolean()).as(answer.toString()).isTrue();
    assertThat(answer.path("plays").asLong()).as("A5 never played").isEqualTo(4);
    assertThat(answer.path("contentDurationMs").asLong()).isEqualTo(A_MS);
    JsonNode points = answer.path("points");
    assertThat(points).hasSize(21);
    // A1 stopped at 25 %, A2 at 50 %, A3 at 95 %, A4 at the end
    for (int step = 0; step <= 20; step++) {
      double expected = step <= 5 ? 1.0 : step <= 10 ? 0.75 : step <= 19 ? 0.5 : 0.25;
      JsonNode p = points.get(step);
      assertThat(p.path("position").asDouble()).isCloseTo(step * 0.05, within(1e-12));
      assertThat(p.path("positionMs").asLong()).isEqualTo(A_MS * step / 20);
      assertThat(p.path("share").asDouble()).as("share at %d %%", step * 5).isCloseTo(expected, within(1e-12));
    }
    JsonNode day1 = get("/v1/dashboard/lake/titles/" + TITLE_A + "/dropoff?from=2026-11-24&to=2026-11-24");
    assertThat(day1.path("points").get(19).path("share").asDouble()).as("A3 of A1 A2 A3")
        .isCloseTo(1 / 3.0, within(1e-12));
    assertThat(day1.path("points").get(20).path("viewers").asLong()).isZero();
  }

  @Test
  void aViewsTimelineComesFromTheLakeWithTheResentEventOnce() throws Exception {
    JsonNode timeline = get("/v1/dashboard/views/" + a2.sessionId()).path("timeline");
    assertThat(timeline.path("available").asBoolean()).as(timeline.toString()).isTrue();
    assertThat(timeline.path("source").asText()).isEqualTo("lake.raw.playback_events");
    List<PlaybackEvent> sent = a2.events().stream().sorted(Comparator.comparingLong(PlaybackEvent::getSequence))
        .toList();
    List<String> types = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    timeline.path("events").forEach(e -> {
      types.add(e.path("eventType").asText());
      sequences.add(e.path("sequence").asLong());
    });
    assertThat(sequences).as("every event once, in order").isEqualTo(sent.stream().map(PlaybackEvent::getSequence)
        .toList());
    assertThat(types).isEqualTo(sent.stream().map(e -> e.getEventType().name()).toList());
    assertThat(rawCopies(resent)).as("the resent event is in the raw table twice").isEqualTo(2);
  }

  @Test
  void badParametersAre400sNamingThem() throws Exception {
    HttpResponse<String> r = send("/v1/dashboard/lake/qoe?from=2026-11-24T00:00:00Z");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("from must be a UTC day such as 2026-11-25: 2026-11-24T00:00:00Z");
    assertThat(send("/v1/dashboard/lake/qoe?by=isp").body()).contains("by must be one of");
    assertThat(send("/v1/dashboard/lake/engagement?from=2026-10-01&to=2026-11-25").body())
        .contains("from..to is longer than 31 days");
  }

  @Test
  void theLakeSectionShowsTheEngagementTableAndDrawsBothCharts() throws Exception {
    boolean browser = Files.isExecutable(CHROMIUM) && SdkBrowser.nodeAvailable();
    if (!browser && System.getenv("CI") != null) {
      fail("Chromium (" + CHROMIUM + ") or node is missing; CI is set, so the browser check must run");
    }
    assumeTrue(browser, "Chromium (" + CHROMIUM + ") or node is missing: the Lake section's browser check is skipped");
    Path browserDir = SdkBrowser.prepare(Paths.get("src/test/sdk-browser"), Paths.get("target/lake-browser"));
    for (Path script : List.of(Paths.get("src/test/sdk-dashboard/dashboard-page.js"),
        Paths.get("src/test/lake-dashboard/lake-panels.js"))) {
      Files.copy(script, browserDir.resolve(script.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    ObjectNode plan = JSON.createObjectNode().put("chromium", CHROMIUM.toString())
        .put("dashboard", base() + "/dashboard/").put("email", ANALYST).put("password", PASSWORD)
        .put("from", "2026-11-24").put("to", "2026-11-25").put("titles", 2);
    JsonNode page = JSON.readTree(SdkBrowser.run(browserDir, "lake-panels.js",
        Files.writeString(browserDir.resolve("plan-lake.json"), JSON.writeValueAsString(plan)), Duration.ofMinutes(3)));
    System.out.println("[lake-panels] page: " + page);

    assertThat(page.path("note").asText()).isEqualTo("2026-11-24 to 2026-11-25 (UTC days)");
    JsonNode a = page.path("rows").get(0);
    assertThat(JSON.convertValue(a, List.class)).as("title A's row as the page shows it")
        .containsExactly(TITLE_A, "Harbour Lights: Director's Cut", "5", "3", "27.2", "50.00 %", "67.50 %");
    assertThat(page.path("rows").get(1).get(0).asText()).isEqualTo(TITLE_B);
    assertThat(page.path("dropoffTitle").asText()).isEqualTo("Drop-off: Harbour Lights: Director's Cut (4 plays)");
    assertThat(page.path("dropoffTitleAfterClick").asText()).isEqualTo("Drop-off: " + TITLE_B + " (1 plays)");
    List<String> drawn = new ArrayList<>();
    page.path("charts").forEach(c -> {
      if (c.path("width").asInt() > 0 && c.path("height").asInt() > 0) {
        drawn.add(c.path("chart").asText());
      }
    });
    assertThat(drawn).as("echarts canvases").contains("chart-lake-qoe", "chart-dropoff");
    assertThat(page.path("problems")).as("no console errors or failed requests").isEmpty();
  }

  // ---- the designed views and their way into the platform

  static ViewScript view(String name, String titleId, long durationMs, String profile, String cdn, Instant at) {
    ViewContext ctx = new ViewContext("lake-" + name, "acc-" + profile, profile, titleId, StreamType.VOD, durationMs,
        cdn, "DE", "192.0.2.0/24", new ViewContext.DeviceProfile("desktop", "Linux", "6", "Chrome", "131.0.0.0",
            "web-1", "hls.js", "1.6.0", "Mozilla/5.0", 6000));
    return ViewScript.start(ctx, at, new Random(name.hashCode()), Duration.ofSeconds(10));
  }

  static CatalogChange upsert(long changeId, String titleId, long version, Instant at, String name) {
    TitleSnapshot title = TitleSnapshot.newBuilder().setKind("movie").setName(name).setReleaseYear(2024)
        .setDurationMs(A_MS).setMaturityRating("12").setGenres(List.of("drama")).setTags(List.of())
        .setAvailableCountries(List.of("DE")).build();
    return CatalogChange.newBuilder().setChangeId(changeId).setTitleId(titleId).setOperation(ChangeOperation.UPSERT)
        .setVersion(version).setChangedAt(at).setChangedBy("editor").setTitle(title).build();
  }

  static <V> void produce(String topic, Serializer<V> values, List<V> records, Function<V, String> key) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, V> producer = new KafkaProducer<>(p,
        new org.apache.kafka.common.serialization.StringSerializer(), values)) {
      for (V v : records) {
        producer.send(new ProducerRecord<>(topic, key.apply(v), v));
      }
      producer.flush();
    }
  }

  static boolean inQoeView(String sessionId) throws Exception {
    try (Connection c = DB.connect();
         PreparedStatement ps = c.prepareStatement("SELECT 1 FROM qoe_view WHERE session_id = ?")) {
      ps.setString(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static long rawCopies(PlaybackEvent e) throws Exception {
    try (Connection c = TRINO.connect();
         PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM lake.raw.playback_events WHERE event_id = ?")) {
      ps.setString(1, e.getEventId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  // ---- serving-api over HTTP, as any client of the documented endpoints

  static String base() {
    return "http://127.0.0.1:" + serving.getLocalPort();
  }

  static String login() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("email", ANALYST,
            "password", PASSWORD, "deviceId", "lake-panels-it", "deviceName", "LakePanelsIT")))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("accessToken").asText();
  }

  static HttpResponse<String> send(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send(path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
