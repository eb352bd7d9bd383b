package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.MediaJobState;
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
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * media-pipeline's reports on the real broker's media.jobs.progress (the worker's record and message format)
 * become the title's media jobs for editors; a DONE job attaches its published folder to the title.
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
