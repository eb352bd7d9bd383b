package io.ottplatform.e2e.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.media.engine.FfmpegBinaries;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.worker.MediaWorkerMain;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.MediaJobState;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #12 end to end, as production runs it: upload → outbox → {@code media.jobs} → worker → progress → DONE →
 * playback. The real serving-api (in this JVM, real PostgreSQL, its outbox relay and progress consumer on a real
 * KRaft broker) and the real media-pipeline worker ({@link MediaWorkerMain} in its own JVM, configured through its
 * {@code --set} keys and {@code OTT_} environment as the launcher starts it, keys in {@code media_content_keys} under
 * the master key serving-api reads):
 *
 * <ol>
 *   <li>an editor creates a title and uploads a generated 16 s clip with tus: POST, a PATCH whose connection drops
 *       part way, HEAD for the offset that arrived, the rest in a PATCH with its sha1 checksum;
 *   <li>the finished upload's job goes through the outbox to {@code media.jobs}; the worker encodes it encrypted
 *       (serving-api's {@code media.encryption} AES_128: HLS AES-128 and DASH CENC);
 *   <li>the title's media state on serving-api ({@code GET /v1/admin/titles/{id}/media-jobs}) goes QUEUED →
 *       ENCODING with its percent rising → DONE with the published folder; the title's media asset has the
 *       pipeline's key id and rungs;
 *   <li>a viewer's grant plays in headless Chromium: AES-128 HLS with hls.js and Clear Key DASH with dash.js past
 *       3 s, each key from serving-api's key endpoint (200); so does the grant of another title the editor pointed
 *       at the uploaded title's folder (the demo's shortcut), with that folder's keys.
 * </ol>
 *
 * <p>Skipped when Chromium or node is missing, unless {@code CI} is set (.ci/run installs both): then it fails.
 */
@Timeout(300)
class UploadToPlaybackIT {

  static final Path CHROMIUM = ServingUnderTest.CHROMIUM;
  static final Duration PLAY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration ENCODE_TIMEOUT = Duration.ofSeconds(120);
  static final int CLIP_SECONDS = 16;
  static final String MASTER_KEY = ServingUnderTest.masterKey();
  static final int PORT = ServingUnderTest.freePort();
  static final Path WORK = ServingUnderTest.workDir("e2e-upload");
  static final String ORIGIN = "http://127.0.0.1:" + PORT;
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(3) static final DropwizardAppExtension<ServingConfiguration> APP =
      new DropwizardAppExtension<>(ServingApplication.class, ServingUnderTest.writeConfig(WORK, PORT),
          ConfigOverride.config("database.url", DB::jdbcUrl),
          ConfigOverride.config("playback.originDirectory", () -> WORK.resolve("origin").toString()),
          ConfigOverride.config("media.masterKey", MASTER_KEY),
          ConfigOverride.config("media.uploadDirectory", () -> WORK.resolve("uploads").toString()),
          ConfigOverride.config("outbox.bootstrapServers", KAFKA::bootstrapServers),
          ConfigOverride.config("outbox.pollInterval", "100 milliseconds"));

  static String skipReason;
  static ChildJvm worker;
  static ServingClient api;
  static String editor;
  static String titleId;
  /** Every media state serving-api showed the editor while the job ran, in the order seen. */
  static final List<JsonNode> states = new ArrayList<>();
  static long uploadedBytes;
  static long resumedAt;

  @BeforeAll
  static void uploadAndWaitForTheWorker() throws Exception {
    skipReason = ServingUnderTest.skipReason("the upload-to-playback test");
    if (skipReason != null) {
      System.out.println("[e2e-upload] SKIPPED: " + skipReason);
      return;
    }
    APP.getApplication().run("db", "migrate", ServingUnderTest.configPath(WORK).toString());
    worker = startWorker();
    api = new ServingClient(ORIGIN);

    // the editor (the role given as the operator's bootstrap gives it, in the database) creates the title
    api.signUpAndLogin("editor@example.com", "cms");
    sql("UPDATE accounts SET role = 'editor' WHERE email = 'editor@example.com'");
    editor = api.login("editor@example.com", "cms");
    titleId = api.createMovie(editor, "Uploaded Test Pattern");
    assertThat(api.mediaJobs(editor, titleId)).as("no job before the upload").isEmpty();

    // tus: the first PATCH's connection drops after a third of the file; HEAD tells where to resume
    byte[] clip = Files.readAllBytes(clip(WORK.resolve("clip.mp4")));
    uploadedBytes = clip.length;
    TusClient tus = new TusClient(ORIGIN, editor);
    String upload = tus.create(clip.length, titleId, "test pattern.mp4");
    assertThat(tus.offset(upload)).isZero();
    int dropAt = clip.length / 3;
    tus.patchThenDrop(upload, clip, dropAt);
    resumedAt = org.awaitility.Awaitility.await("HEAD reports the bytes that arrived before the drop")
        .atMost(Duration.ofSeconds(20)).until(() -> tus.offset(upload), n -> n == dropAt);
    HttpResponse<String> rest = tus.patch(upload, resumedAt, Arrays.copyOfRange(clip, (int) resumedAt, clip.length));
    assertThat(rest.statusCode()).as("the resumed PATCH: %s", rest.body()).isEqualTo(204);
    assertThat(rest.headers().firstValue("Upload-Offset")).contains(Long.toString(clip.length));

    // the job reaches the worker through the outbox; serving-api shows its state as the worker reports it
    long started = System.nanoTime();
    long deadline = started + ENCODE_TIMEOUT.toNanos();
    String state = "";
    while (!state.equals("DONE") && !state.equals("FAILED") && System.nanoTime() < deadline) {
      assertThat(worker.isAlive()).as("the worker runs: %s", worker.output()).isTrue();
      JsonNode jobs = api.mediaJobs(editor, titleId);
      if (!jobs.isEmpty()) {
        JsonNode job = jobs.get(0);
        if (states.isEmpty() || !states.get(states.size() - 1).equals(job)) {
          states.add(job);
        }
        state = job.path("state").asText();
      }
      Thread.sleep(100);
    }
    System.out.printf("[e2e-upload] %d bytes uploaded (resumed at %d); job %s after %d ms; states seen: %s%n",
        clip.length, resumedAt, state, (System.nanoTime() - started) / 1_000_000, summary(states));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      int exit = worker.terminate(30);
      System.out.println("[e2e-upload] worker stopped with " + exit + "; its log: " + WORK.resolve("worker.log"));
    }
  }

  @Test
  void theUploadIsEncodedByTheWorkerWithItsProgressOnServingApiAndPublishedEncrypted() throws Exception {
    assumeTrue(skipReason == null, skipReason);
    assertThat(resumedAt).as("the resumed upload started where the dropped one stopped").isPositive()
        .isLessThan(uploadedBytes);
    JsonNode last = states.get(states.size() - 1);
    assertThat(last.path("state").asText()).as("the job's end: %s; worker log:\n%s", last, worker.output())
        .isEqualTo("DONE");
    assertThat(last.path("percent").asDouble()).isEqualTo(100.0);
    assertThat(last.path("publishedPath").asText()).isEqualTo(titleId);
    assertThat(last.path("message").asText()).as("the worker names itself").startsWith("[");

    List<Double> encoding = states.stream().filter(s -> s.path("state").asText().equals("ENCODING"))
        .map(s -> s.path("percent").asDouble()).toList();
    assertThat(encoding).as("ENCODING reports with their percent, as serving-api showed them: %s", summary(states))
        .hasSizeGreaterThanOrEqualTo(2).isSorted();
    assertThat(encoding.get(encoding.size() - 1)).as("the percent rose while encoding").isGreaterThan(encoding.get(0));
    assertThat(states.stream().filter(s -> s.path("state").asText().equals("ENCODING")))
        .as("speed and ETA shown while encoding")
        .anySatisfy(s -> assertThat(s.path("speed").isNumber() && s.path("etaSeconds").isNumber()).isTrue());
    assertThat(progressRecords(last.path("jobId").asText())).as("the worker's ENCODING records carry speed and ETA "
        + "as fields (MediaJobProgress v3)").anySatisfy(r -> {
          assertThat(r.getState()).isEqualTo(MediaJobState.ENCODING);
          assertThat(r.getSpeed()).isNotNull().isPositive();
          assertThat(r.getEtaSeconds()).isNotNull().isNotNegative();
        });
    List<String> order = states.stream().map(s -> s.path("state").asText()).distinct().toList();
    assertThat(order).as("states in lifecycle order").containsSubsequence("ENCODING", "DONE");

    // published and encrypted: the keys are only in media_content_keys (wrapped), the manifests protected
    Path folder = WORK.resolve("origin").resolve(titleId);
    assertThat(Files.readString(folder.resolve("hls-0.m3u8"))).contains("#EXT-X-KEY:METHOD=AES-128");
    assertThat(Files.readString(folder.resolve("manifest.mpd"))).contains("urn:mpeg:dash:mp4protection:2011");
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT k.kid, a.key_id, a.job_id, a.duration_ms FROM media_content_keys k "
            + "JOIN media_assets a ON a.title_id = k.title_id WHERE k.title_id = ?")) {
      ps.setString(1, titleId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("the title's pipeline keys and its media asset").isTrue();
        assertThat(rs.getBytes("key_id")).as("the asset carries the pipeline's key id").isEqualTo(rs.getBytes("kid"));
        assertThat(rs.getString("job_id")).isEqualTo(last.path("jobId").asText());
        assertThat(rs.getLong("duration_ms")).isBetween(CLIP_SECONDS * 1000L - 500, CLIP_SECONDS * 1000L + 500);
      }
    }
  }

  @Test
  void aViewersGrantForTheUploadedTitlePlaysEncryptedInChromium() throws Exception {
    assumeTrue(skipReason == null, skipReason);
    assertThat(states).isNotEmpty();
    assertThat(states.get(states.size() - 1).path("state").asText()).as(summary(states)).isEqualTo("DONE");
    // another title pointed at the uploaded title's folder (as ./ott demo does for its titles without a clip of their
    // own): serving-api's key endpoint serves it that folder's pipeline keys
    String sameFolder = api.createMovie(editor, "Same Folder");
    api.attachMedia(editor, sameFolder, Map.of("mediaPath", titleId, "keyIdHex", pipelineKid(titleId)));
    String viewer = api.viewer("viewer@example.com", "living-room-tv");
    String profile = api.profile(viewer, "Viewer");
    JsonNode grant = api.grant(viewer, profile, titleId);
    JsonNode other = api.grant(viewer, profile, sameFolder);
    assertThat(other.path("hlsUrl").asText()).contains("/" + titleId + "/master.m3u8");

    ObjectNode plan = JSON.createObjectNode().put("origin", ORIGIN).put("chromium", CHROMIUM.toString())
        .put("playTimeoutMs", PLAY_TIMEOUT.toMillis()).put("failWindowMs", 0);
    ArrayNode cases = plan.putArray("cases");
    PlaybackCases.add(cases, "uploaded, AES-128 HLS (hls.js)", "play", "hls", grant.path("hlsUrl").asText(), Map.of());
    PlaybackCases.add(cases, "uploaded, Clear Key DASH (dash.js)", "play", "dash", grant.path("dashUrl").asText(),
        Map.of("license", grant.path("clearKeyLicenseUrl").asText(), "kid", grant.path("keyId").asText()));
    PlaybackCases.add(cases, "same folder, AES-128 HLS (hls.js)", "play", "hls", other.path("hlsUrl").asText(), Map.of());
    PlaybackCases.add(cases, "same folder, Clear Key DASH (dash.js)", "play", "dash", other.path("dashUrl").asText(),
        Map.of("license", other.path("clearKeyLicenseUrl").asText(), "kid", other.path("keyId").asText()));
    Path browserDir = BrowserPlayers.prepare(Paths.get("src/test/playback-browser"), Paths.get("target/playback-browser"));
    Path planFile = Files.writeString(browserDir.resolve("plan-upload.json"), JSON.writeValueAsString(plan));
    JsonNode results = JSON.readTree(BrowserPlayers.run(browserDir, planFile,
        PLAY_TIMEOUT.multipliedBy(cases.size()).plusSeconds(90)));

    assertThat(results).as("one result per case").hasSize(cases.size());
    assertThat(PlaybackCases.problems(results, "[e2e-upload] ")).as("playback results").isEmpty();
    assertThat(PlaybackCases.statuses(results, "uploaded, AES-128 HLS (hls.js)", "/v1/keys/hls/" + titleId))
        .as("hls.js fetched the title's key from serving-api").isNotEmpty().containsOnly(200);
    assertThat(PlaybackCases.statuses(results, "uploaded, Clear Key DASH (dash.js)", "/v1/keys/clearkey/" + titleId))
        .as("dash.js got the title's licence from serving-api").contains(200);
    assertThat(PlaybackCases.statuses(results, "same folder, AES-128 HLS (hls.js)", "/v1/keys/hls/" + sameFolder))
        .as("the other title's key, from its own session's key URL").isNotEmpty().containsOnly(200);
  }

  /** The job's records on media.jobs.progress, read from the start with the registry's serde. */
  private static List<MediaJobProgress> progressRecords(String jobId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    List<MediaJobProgress> records = new ArrayList<>();
    try (KafkaConsumer<String, MediaJobProgress> consumer = new KafkaConsumer<>(p,
        Topics.MEDIA_JOB_PROGRESS.keySerde().deserializer(), Topics.MEDIA_JOB_PROGRESS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = IntStream.range(0, Topics.MEDIA_JOB_PROGRESS.partitions())
          .mapToObj(i -> new TopicPartition(Topics.MEDIA_JOB_PROGRESS.name(), i)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (jobId.equals(r.key())) {
            records.add(r.value());
          }
        });
      }
    }
    return records;
  }

  private static String pipelineKid(String title) throws Exception {
    try (Connection c = DB.connect();
        PreparedStatement ps = c.prepareStatement("SELECT kid FROM media_content_keys WHERE title_id = ?")) {
      ps.setString(1, title);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("pipeline keys of " + title).isTrue();
        return java.util.HexFormat.of().formatHex(rs.getBytes(1));
      }
    }
  }

  /** The worker as the launcher runs it: its main, its settings from the environment and --set. */
  private static ChildJvm startWorker() throws IOException {
    List<String> args = List.of(
        "--set", "worker.group-id=e2e-upload", "--set", "worker.progress-interval=200ms",
        "--set", "keys.store=postgres", "--set", "keys.hls-key-uri=" + ORIGIN + "/v1/keys/hls/{titleId}",
        // quick: a test of the path, not of the ladder's quality (docs/media.md covers those)
        "--set", "encode.preset=ultrafast", "--set", "encode.per-title=false", "--set", "encode.poster=false",
        "--set", "encode.thumbnail-interval=0");
    Map<String, String> env = Map.of(
        "OTT_HOME", Files.createDirectories(WORK.resolve("home")).toString(),
        "OTT_KAFKA_BOOTSTRAP", KAFKA.bootstrapServers(),
        "OTT_MEDIA_ORIGIN_DIR", WORK.resolve("origin").toString(),
        "OTT_DB_URL", DB.jdbcUrl(), "OTT_DB_USER", DB.user(),
        "OTT_DB_PASSWORD", DB.password() == null ? "" : DB.password(),
        "OTT_MEDIA_MASTER_KEY", MASTER_KEY);
    return ChildJvm.start(MediaWorkerMain.class, "384m", args, env, WORK.resolve("worker.log"));
  }

  /** A 16 s 848x480 clip (testsrc2 with a 440 Hz tone): two rungs, 480p and 360p. */
  private static Path clip(Path file) throws Exception {
    try (FfmpegEngine engine = new FfmpegEngine(FfmpegBinaries.fromMaven())) {
      engine.run("test clip", List.of("-y", "-f", "lavfi", "-i", "testsrc2=size=848x480:rate=15",
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + CLIP_SECONDS, "-c:v", "libx264",
          "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", Integer.toString(CLIP_SECONDS),
          file.toString()), 0, p -> { }, List.of());
    }
    return file;
  }

  private static String summary(List<JsonNode> seen) {
    StringBuilder b = new StringBuilder();
    for (JsonNode s : seen) {
      b.append(s.path("state").asText()).append(' ').append(String.format("%.0f%%", s.path("percent").asDouble()));
      if (s.path("speed").isNumber()) {
        b.append(String.format(" %.2fx ETA %ds", s.path("speed").asDouble(), s.path("etaSeconds").asInt()));
      }
      b.append(", ");
    }
    return b.length() == 0 ? "(none)" : b.substring(0, b.length() - 2);
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(statement)) {
      assertThat(ps.executeUpdate()).as(statement).isPositive();
    }
  }
}
