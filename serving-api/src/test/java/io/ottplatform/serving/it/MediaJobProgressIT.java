package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ChangeOperation;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.MediaJobState;
import io.ottplatform.schemas.avro.MediaRendition;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * media-pipeline's reports on the real broker's media.jobs.progress (the worker's record and message format)
 * become the title's media jobs for editors; a DONE job attaches its published folder, rungs, duration and key id to
 * the title in the job's transaction, and the title's new version reaches catalog.changes through the outbox.
 */
class MediaJobProgressIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(3) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir(), ConfigOverride.config("outbox.bootstrapServers", KAFKA::bootstrapServers));

  private static Api api;
  private static Session editor;
  private static KafkaProducer<String, MediaJobProgress> producer;

  @BeforeAll
  static void start() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
    editor = api.adminLogin("admin@example.com", "cms");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    producer = new KafkaProducer<>(p, Topics.MEDIA_JOB_PROGRESS.keySerde().serializer(),
        Topics.MEDIA_JOB_PROGRESS.valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
  }

  @Test
  void encodingProgressThenDoneShowsSpeedEtaAndAttachesThePublishedMedia() throws Exception {
    String title = newTitle("Encoded Feature");
    report("job-done-1", title, MediaJobState.ENCODING, 40f, "[w1] 40% encoded, 1.50x realtime, ETA 12s", null, 1);
    JsonNode encoding = awaitState(title, "ENCODING");
    assertThat(encoding.path("percent").floatValue()).isEqualTo(40f);
    assertThat(encoding.path("speed").floatValue()).isEqualTo(1.5f);
    assertThat(encoding.path("etaSeconds").intValue()).isEqualTo(12);

    report("job-done-1", title, MediaJobState.DONE, 100f, "[w1] published", title + "/master.m3u8", 2);
    JsonNode done = awaitState(title, "DONE");
    assertThat(done.path("publishedPath").asText()).isEqualTo(title);
    assertThat(done.path("errorReason").isNull()).isTrue();
    await("the title points at its published media").atMost(Duration.ofSeconds(20))
        .until(() -> mediaPath(title), title::equals);
  }

  @Test
  void speedAndEtaComeFromTheRecordsFieldsWhenTheWorkerWritesThem() throws Exception {
    String title = newTitle("Fields Feature");
    // MediaJobProgress v3: the fields, not the text (which says nothing of speed here)
    producer.send(new ProducerRecord<>(Topics.MEDIA_JOB_PROGRESS.name(), "job-fields-1", MediaJobProgress.newBuilder()
        .setJobId("job-fields-1").setTitleId(title).setState(MediaJobState.ENCODING).setPercent(25f)
        .setMessage("[w2] 25% encoded").setSpeed(2.25f).setEtaSeconds(7)
        .setUpdatedAt(Instant.parse("2026-12-01T00:00:01Z")).build())).get();
    JsonNode encoding = awaitState(title, "ENCODING");
    assertThat(encoding.path("speed").floatValue()).isEqualTo(2.25f);
    assertThat(encoding.path("etaSeconds").intValue()).isEqualTo(7);
  }

  @Test
  void doneRecordsRenditionsDurationAndKeyWithTheJobAndSendsTheCatalogChange() throws Exception {
    String title = newTitle("Pipeline Feature");
    long versionBefore = titleVersion(title);
    String kid = "00112233445566778899aabbccddeeff";
    producer.send(new ProducerRecord<>(Topics.MEDIA_JOB_PROGRESS.name(), "job-done-2", MediaJobProgress.newBuilder()
        .setJobId("job-done-2").setTitleId(title).setState(MediaJobState.DONE).setPercent(100f)
        .setMessage("[w1] published 2 renditions").setHlsManifest(title + "/master.m3u8")
        .setDashManifest(title + "/manifest.mpd").setUpdatedAt(Instant.parse("2026-12-01T00:00:10Z"))
        .setDurationMs(24_040L).setKeyId(kid)
        .setRenditions(List.of(rendition("480p", 848, 480, 1200), rendition("360p", 640, 360, 700))).build())).get();

    JsonNode done = awaitState(title, "DONE");
    assertThat(done.path("errorReason").isNull()).isTrue();
    Map<String, Object> asset = await("the title's media asset from job-done-2").atMost(Duration.ofSeconds(20))
        .until(() -> asset(title), a -> a != null && "job-done-2".equals(a.get("job_id")));
    assertThat(asset.get("media_path")).isEqualTo(title);
    assertThat(asset.get("duration_ms")).isEqualTo(24_040L);
    assertThat(asset.get("key_id")).isEqualTo(kid);
    JsonNode renditions = new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) asset.get("renditions"));
    assertThat(renditions).hasSize(2);
    assertThat(renditions.get(0).path("name").asText()).isEqualTo("480p");
    assertThat(renditions.get(0).path("width").asInt()).isEqualTo(848);
    assertThat(renditions.get(0).path("height").asInt()).isEqualTo(480);
    assertThat(renditions.get(0).path("bitrateKbps").asInt()).isEqualTo(1200);
    assertThat(renditions.get(1).path("name").asText()).isEqualTo("360p");

    JsonNode view = api.get("/v1/admin/titles/" + title, editor.accessToken()).json();
    assertThat(view.path("durationMs").asLong()).as("the title's duration").isEqualTo(24_040L);
    assertThat(view.path("version").asLong()).as("a new version of the title").isEqualTo(versionBefore + 1);

    ConsumerRecord<String, CatalogChange> change = catalogChange(title, versionBefore + 1);
    assertThat(change.value().getOperation()).isEqualTo(ChangeOperation.UPSERT);
    assertThat(change.value().getTitle().getDurationMs()).isEqualTo(24_040L);
    assertThat(change.value().getChangedBy().toString()).isEqualTo("media-pipeline job job-done-2");
  }

  @Test
  void aDoneJobForATitleThatCannotPlayStaysDoneWithItsReasonAndChangesNothing() throws Exception {
    String series = api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("series", "Not Playable", "13+", List.of("Drama"), Api.openIn("DE"))).text("id");
    long versionBefore = titleVersion(series);
    report("job-done-3", series, MediaJobState.DONE, 100f, "[w1] published", series + "/master.m3u8", 3);
    JsonNode done = await("the refusal's reason").atMost(Duration.ofSeconds(60))
        .until(() -> jobs(series).path(0), j -> j.path("errorReason").asText().startsWith("published, but not attached"));
    assertThat(done.path("state").asText()).isEqualTo("DONE");
    assertThat(done.path("errorReason").asText()).contains("not a series");
    assertThat(asset(series)).isNull();
    assertThat(titleVersion(series)).isEqualTo(versionBefore);
  }

  @Test
  void aFailedJobShowsItsReasonAndAnOlderReportDoesNotOverwriteANewerOne() throws Exception {
    String title = newTitle("Broken Upload");
    report("job-failed-1", title, MediaJobState.FAILED, 0f, "[w2] not a media file: no video or audio stream", null, 5);
    JsonNode failed = awaitState(title, "FAILED");
    assertThat(failed.path("errorReason").asText()).isEqualTo("not a media file: no video or audio stream");

    report("job-failed-1", title, MediaJobState.ENCODING, 10f, "[w1] 10% encoded, 2.00x realtime, ETA 3s", null, 4);
    report("job-failed-1", title, MediaJobState.FAILED, 0f, "[w2] still not a media file", null, 6);
    await("the newer report").atMost(Duration.ofSeconds(20))
        .until(() -> jobs(title).get(0).path("errorReason").asText(), "still not a media file"::equals);
    assertThat(jobs(title).get(0).path("state").asText()).isEqualTo("FAILED");
    assertThat(mediaPath(title)).isNull();
  }

  private static String newTitle(String name) {
    return api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("movie", name, "13+", List.of("Drama"), Api.openIn("DE"))).text("id");
  }

  private static void report(String job, String title, MediaJobState state, float percent, String message,
      String hls, long secondsAfterEpochBase) throws Exception {
    producer.send(new ProducerRecord<>(Topics.MEDIA_JOB_PROGRESS.name(), job, MediaJobProgress.newBuilder()
        .setJobId(job).setTitleId(title).setState(state).setPercent(percent).setMessage(message)
        .setHlsManifest(hls).setDashManifest(hls == null ? null : title + "/manifest.mpd")
        .setUpdatedAt(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(secondsAfterEpochBase)).build())).get();
  }

  private static MediaRendition rendition(String name, int width, int height, int kbps) {
    return MediaRendition.newBuilder().setName(name).setWidth(width).setHeight(height).setBitrateKbps(kbps).build();
  }

  private static long titleVersion(String title) {
    return api.get("/v1/admin/titles/" + title, editor.accessToken()).json().path("version").asLong();
  }

  /** The title's media_assets row (key_id as hex, renditions as JSON text), or null. */
  private static Map<String, Object> asset(String title) throws Exception {
    try (Connection c = DB.connect(); var st = c.prepareStatement(
        "SELECT media_path, encode(key_id, 'hex') AS key_id, renditions::text AS renditions, duration_ms, job_id "
            + "FROM media_assets WHERE title_id = ?")) {
      st.setString(1, title);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Map<String, Object> row = new HashMap<>();
        row.put("media_path", rs.getString("media_path"));
        row.put("key_id", rs.getString("key_id"));
        row.put("renditions", rs.getString("renditions"));
        row.put("duration_ms", rs.getObject("duration_ms"));
        row.put("job_id", rs.getString("job_id"));
        return row;
      }
    }
  }

  /** The change of {@code title} at {@code version} on the real broker's catalog.changes, relayed from the outbox. */
  private static ConsumerRecord<String, CatalogChange> catalogChange(String title, long version) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaConsumer<String, CatalogChange> consumer = new KafkaConsumer<>(p,
        Topics.CATALOG_CHANGES.keySerde().deserializer(), Topics.CATALOG_CHANGES.valueSerde().deserializer())) {
      List<TopicPartition> partitions = IntStream.range(0, Topics.CATALOG_CHANGES.partitions())
          .mapToObj(i -> new TopicPartition(Topics.CATALOG_CHANGES.name(), i)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, CatalogChange>> seen = new ArrayList<>();
      return await("catalog.changes: " + title + " at version " + version).atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> r.key().equals(title) && r.value().getVersion() == version).findFirst().orElse(null);
      }, java.util.Objects::nonNull);
    }
  }

  private static JsonNode awaitState(String title, String state) {
    return await("a " + state + " job of " + title).atMost(Duration.ofSeconds(60))
        .until(() -> {
          JsonNode jobs = jobs(title);
          return jobs.size() == 1 && jobs.get(0).path("state").asText().equals(state) ? jobs.get(0) : null;
        }, java.util.Objects::nonNull);
  }

  private static JsonNode jobs(String title) {
    return api.get("/v1/admin/titles/" + title + "/media-jobs", editor.accessToken()).json().path("jobs");
  }

  private static String mediaPath(String title) throws Exception {
    try (Connection c = DB.connect(); var st = c.prepareStatement("SELECT media_path FROM media_assets WHERE title_id = ?")) {
      st.setString(1, title);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static java.nio.file.Path tempDir() {
    try {
      return Files.createTempDirectory("ott-origin-");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
