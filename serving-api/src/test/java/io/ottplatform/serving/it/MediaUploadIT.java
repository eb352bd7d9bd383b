package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.schemas.avro.MediaEncryption;
import io.ottplatform.schemas.avro.MediaJob;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * tus 1.0 uploads against the real service, PostgreSQL and broker: a resumed upload after a dropped
 * connection becomes the MediaJob media-pipeline's worker reads on media.jobs; checksum, size, offset and
 * expiry refusals; an abandoned upload is cleaned away.
 */
class MediaUploadIT {

  private static final Path UPLOADS = tempDir("ott-uploads-");

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(3) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir("ott-origin-"),
      ConfigOverride.config("outbox.bootstrapServers", KAFKA::bootstrapServers),
      ConfigOverride.config("outbox.pollInterval", "100 milliseconds"),
      ConfigOverride.config("media.uploadDirectory", UPLOADS.toString()),
      ConfigOverride.config("media.maxUploadBytes", "1000000"),
      ConfigOverride.config("media.uploadExpiry", "8 seconds"),
      ConfigOverride.config("media.cleanInterval", "300 milliseconds"));

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static Api api;
  private static Session editor;
  private static String titleId;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
    editor = api.adminLogin("admin@example.com", "cms");
    titleId = api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("movie", "Uploaded Feature", "13+", List.of("Drama"), Api.openIn("DE"))).text("id");
  }

  @Test
  void optionsAnnouncesTheProtocolAndEveryAnswerCarriesTusResumable() throws Exception {
    HttpResponse<byte[]> options = send("OPTIONS", base(), null, new byte[0]);
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("Tus-Version")).contains("1.0.0");
    assertThat(options.headers().firstValue("Tus-Extension")).contains("creation,expiration,checksum");
    assertThat(options.headers().firstValue("Tus-Max-Size")).contains("1000000");
    assertThat(options.headers().firstValue("Tus-Resumable")).contains("1.0.0");

    HttpResponse<byte[]> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base()))
        .header("Tus-Resumable", "1.0.0").header("Upload-Length", "10")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Tus-Resumable")).contains("1.0.0");

    HttpResponse<byte[]> oldVersion = HTTP.send(HttpRequest.newBuilder(URI.create(base()))
        .header("Authorization", "Bearer " + editor.accessToken()).header("Tus-Resumable", "0.2.2")
        .header("Upload-Length", "10").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(oldVersion.statusCode()).isEqualTo(412);
    assertThat(oldVersion.headers().firstValue("Tus-Version")).contains("1.0.0");
  }

  @Test
  void anUploadResumedAfterADroppedConnectionBecomesTheMediaJobTheWorkerReads() throws Exception {
    byte[] source = new byte[300_000];
    new Random(7).nextBytes(source);
    String location = create(source.length, "feature final.mp4");
    assertThat(head(location).headers().firstValue("Upload-Offset")).contains("0");

    // The first PATCH announces every byte but the connection drops after 120 000 of them.
    patchThenDrop(location, source, 120_000);
    long resumeAt = await("HEAD reports the bytes that arrived before the drop").atMost(Duration.ofSeconds(20))
        .until(() -> offset(location), n -> n == 120_000);

    HttpResponse<byte[]> second = patch(location, resumeAt, Arrays.copyOfRange(source, (int) resumeAt, source.length),
        "sha1 " + sha1(Arrays.copyOfRange(source, (int) resumeAt, source.length)));
    assertThat(second.statusCode()).isEqualTo(204);
    assertThat(second.headers().firstValue("Upload-Offset")).contains("300000");
    assertThat(second.headers().firstValue("Tus-Resumable")).contains("1.0.0");

    MediaJob job = readJob(location.substring(location.lastIndexOf('/') + 1));
    assertThat(job.getTitleId()).isEqualTo(titleId);
    assertThat(job.getLadder()).isEqualTo("default-h264");
    assertThat(job.getEncryption()).isEqualTo(MediaEncryption.AES_128);
    assertThat(job.getRequestedBy()).isEqualTo(editor.accountId());
    assertThat(job.getSourceUri()).startsWith("file:").endsWith("feature_final.mp4");
    assertThat(Files.readAllBytes(Path.of(URI.create(job.getSourceUri())))).isEqualTo(source);
    var jobs = api.get("/v1/admin/titles/" + titleId + "/media-jobs", editor.accessToken()).json().path("jobs");
    assertThat(jobs.get(0).path("jobId").asText()).isEqualTo(job.getJobId());
    assertThat(jobs.get(0).path("state").asText()).as("no worker runs here").isEqualTo("QUEUED");

    assertThat(patch(location, 300_000, new byte[] {1}, null).statusCode())
        .as("a finished upload takes no more data").isEqualTo(409);
  }

  @Test
  void aPatchWhoseChecksumDoesNotMatchIsRefusedAndNothingIsKept() throws Exception {
    String location = create(1000, "clip.mov");
    byte[] chunk = new byte[500];
    HttpResponse<byte[]> bad = patch(location, 0, chunk, "sha1 " + sha1("something else".getBytes(StandardCharsets.UTF_8)));
    assertThat(bad.statusCode()).isEqualTo(460);
    assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("checksum_mismatch");
    assertThat(offset(location)).isZero();
    assertThat(patch(location, 0, chunk, "sha1 " + sha1(chunk)).statusCode()).isEqualTo(204);
    assertThat(offset(location)).isEqualTo(500);
  }

  @Test
  void tooLargeUploadsAndPatchesAreRefusedWith413AndAWrongOffsetWith409() throws Exception {
    HttpResponse<byte[]> tooLarge = post(1_000_001, "huge.mp4");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(new String(tooLarge.body(), StandardCharsets.UTF_8)).contains("1000001");

    String location = create(100, "small.mp4");
    assertThat(patch(location, 0, new byte[101], null).statusCode()).isEqualTo(413);
    assertThat(offset(location)).as("nothing past Upload-Length is kept").isZero();
    HttpResponse<byte[]> wrongOffset = patch(location, 50, new byte[10], null);
    assertThat(wrongOffset.statusCode()).isEqualTo(409);
    assertThat(new String(wrongOffset.body(), StandardCharsets.UTF_8)).contains("50").contains("0");
  }

  @Test
  void anAbandonedUploadExpiresAndTheCleanerRemovesItsDataAndRow() throws Exception {
    String location = create(1000, "abandoned.mp4");
    HttpResponse<byte[]> first = patch(location, 0, new byte[100], null);
    assertThat(first.headers().firstValue("Upload-Expires")).hasValueSatisfying(v -> assertThat(v).endsWith("GMT"));
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertThat(UPLOADS.resolve(id)).isDirectory();

    await("the cleaner removes the expired upload").atMost(Duration.ofSeconds(40))
        .until(() -> !Files.exists(UPLOADS.resolve(id)) && head(location).statusCode() == 404);
  }

  // --- tus client steps

  private static String create(long length, String filename) throws Exception {
    HttpResponse<byte[]> r = post(length, filename);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static HttpResponse<byte[]> post(long length, String filename) throws Exception {
    String meta = "titleId " + b64(titleId) + ",filename " + b64(filename);
    return HTTP.send(HttpRequest.newBuilder(URI.create(base())).header("Authorization", "Bearer " + editor.accessToken())
        .header("Tus-Resumable", "1.0.0").header("Upload-Length", Long.toString(length)).header("Upload-Metadata", meta)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> head(String location) throws Exception {
    return send("HEAD", location, editor.accessToken(), new byte[0]);
  }

  private static long offset(String location) throws Exception {
    return Long.parseLong(head(location).headers().firstValue("Upload-Offset").orElseThrow());
  }

  private static HttpResponse<byte[]> patch(String location, long offset, byte[] data, String checksum) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(location))
        .header("Authorization", "Bearer " + editor.accessToken()).header("Tus-Resumable", "1.0.0")
        .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", Long.toString(offset))
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data));
    if (checksum != null) {
      b.header("Upload-Checksum", checksum);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A PATCH announcing all of {@code data} whose connection is closed after {@code sent} bytes. */
  private static void patchThenDrop(String location, byte[] data, int sent) throws IOException {
    URI uri = URI.create(location);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PATCH " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
          + "Authorization: Bearer " + editor.accessToken() + "\r\nTus-Resumable: 1.0.0\r\n"
          + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
          + "Content-Length: " + data.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(data, 0, sent);
      out.flush();
    }
  }

  private static HttpResponse<byte[]> send(String method, String url, String token, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Tus-Resumable", "1.0.0")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static MediaJob readJob(String jobId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaConsumer<String, MediaJob> consumer = new KafkaConsumer<>(p,
        Topics.MEDIA_JOBS.keySerde().deserializer(), Topics.MEDIA_JOBS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = IntStream.range(0, Topics.MEDIA_JOBS.partitions())
          .mapToObj(i -> new TopicPartition(Topics.MEDIA_JOBS.name(), i)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<MediaJob> jobs = new ArrayList<>();
      return await("media job " + jobId + " on media.jobs").atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key().equals(jobId) && r.value().getJobId().equals(jobId)) {
            jobs.add(r.value());
          }
        });
        return jobs.isEmpty() ? null : jobs.get(0);
      }, java.util.Objects::nonNull);
    }
  }

  private static String base() {
    return "http://127.0.0.1:" + APP.getLocalPort() + "/v1/admin/uploads";
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha1(byte[] data) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(data));
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
