package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.ingest.IngestApplication;
import io.ottplatform.ingest.IngestConfiguration;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The playback token contract across the two services (docs/playback-token.md): a token issued by
 * serving-api's real grant endpoint is accepted by the real ingest-api, which reads serving-api's
 * {@code /.well-known/jwks.json} and stamps the token's ids on the events it produces to Kafka; a
 * token signed by any other key is refused with 401.
 *
 * <p>Both services run in this JVM. ingest-api reads its overrides under the {@code ingest.} property
 * prefix so it does not pick up serving-api's {@code dw.database.url} and friends.
 */
@Timeout(180)
class PlaybackTokenAtIngestIT {

  private static final Path ORIGIN = origin();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(3) static final DropwizardAppExtension<ServingConfiguration> SERVING =
      ServingApp.extension(DB, ORIGIN);

  /** Started by hand once serving-api listens: its JWKS URL is only known then. */
  static final DropwizardAppExtension<IngestConfiguration> INGEST = new DropwizardAppExtension<>(IngestApplication.class,
      ResourceHelpers.resourceFilePath("ingest-config.yml"), "ingest",
      ConfigOverride.config("ingest", "kafka.bootstrapServers", () -> KAFKA.bootstrapServers()),
      ConfigOverride.config("ingest", "playbackToken.jwksUrl", PlaybackTokenAtIngestIT::servingJwksUrl));

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static Api serving;
  private static Session viewer;
  private static String titleId;

  @BeforeAll
  static void start() throws Exception {
    ServingApp.migrate(SERVING);
    serving = new Api(SERVING).withHeader("CloudFront-Viewer-Country", "DE");
    Session admin = serving.adminLogin("admin@example.com", "cms");
    Reply title = serving.post("/v1/admin/titles", admin.accessToken(),
        Api.title("movie", "Harbor Lights", "ALL", List.of("Drama"), Api.openIn("DE")));
    assertThat(title.status()).as(title.json().toString()).isEqualTo(201);
    titleId = title.text("id");
    assertThat(serving.put("/v1/admin/titles/" + titleId + "/media", admin.accessToken(),
        Map.of("mediaPath", "harbor-lights")).status()).isEqualTo(204);
    viewer = serving.withProfile(serving.signUpAndLogin("ann@example.com", "tv-1"), "Ann", false);
    INGEST.before();
  }

  @AfterAll
  static void stop() {
    INGEST.after();
  }

  @Test
  void aTokenFromTheGrantEndpointIsAcceptedAndItsIdsAreOnTheEventsInKafka() throws Exception {
    Reply grant = serving.post("/v1/playback", viewer.accessToken(),
        Map.of("profileId", viewer.profileId(), "titleId", titleId));
    assertThat(grant.status()).as(grant.json().toString()).isEqualTo(200);
    String sessionId = grant.text("sessionId");

    HttpResponse<String> posted = postEvents(grant.text("playbackToken"), heartbeats(sessionId, 3));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(posted.body()).contains("\"accepted\":3");

    List<PlaybackEvent> ours = readSession(sessionId, found -> found.size() >= 3, Duration.ofSeconds(60));
    assertThat(ours).hasSize(3);
    assertThat(ours).allSatisfy(e -> {
      assertThat(e.getSessionId()).isEqualTo(sessionId);
      assertThat(e.getAccountId()).as("account from the token").isEqualTo(viewer.accountId());
      assertThat(e.getProfileId()).as("profile from the token").isEqualTo(viewer.profileId());
      assertThat(e.getTitleId()).as("title from the token").isEqualTo(titleId);
    });
  }

  @Test
  void aTokenSignedByAnyOtherKeyIsRefused() throws Exception {
    String servingKid = JWKSet.load(URI.create(servingJwksUrl()).toURL()).getKeys().get(0).getKeyID();
    String sessionId = UUID.randomUUID().toString();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("ott-serving-api").audience("ott-ingest")
        .subject(viewer.profileId()).claim("acc", viewer.accountId()).claim("tid", titleId).claim("sid", sessionId)
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
        .jwtID(UUID.randomUUID().toString()).build();

    // Same claims, same kid as serving-api's key: only the signature gives it away.
    HttpResponse<String> sameKid = postEvents(signWithNewKey(servingKid, claims), heartbeats(sessionId, 1));
    assertThat(sameKid.statusCode()).as(sameKid.body()).isEqualTo(401);
    assertThat(sameKid.body()).contains("signature does not verify");

    HttpResponse<String> otherKid = postEvents(signWithNewKey("attacker-key", claims), heartbeats(sessionId, 1));
    assertThat(otherKid.statusCode()).as(otherKid.body()).isEqualTo(401);
    assertThat(otherKid.body()).contains("no EC key with kid attacker-key");

    assertThat(readSessionDuring(sessionId, Duration.ofSeconds(5))).as("nothing of a refused batch reaches Kafka").isEmpty();
  }

  // ---- helpers

  private static String servingJwksUrl() {
    return "http://127.0.0.1:" + SERVING.getLocalPort() + "/.well-known/jwks.json";
  }

  private static String signWithNewKey(String kid, JWTClaimsSet claims) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(kid).build(),
        claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private static HttpResponse<String> postEvents(String token, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + INGEST.getLocalPort() + "/v1/events"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Heartbeats as a player SDK sends them; the ids (account, profile, title) are deliberately absent. */
  private static String heartbeats(String sessionId, int count) {
    List<String> events = new ArrayList<>();
    long now = Instant.now().toEpochMilli();
    for (int i = 0; i < count; i++) {
      events.add("{\"event_id\":\"" + UUID.randomUUID() + "\",\"session_id\":\"" + sessionId + "\",\"sequence\":" + i
          + ",\"event_type\":\"HEARTBEAT\",\"client_ts\":" + (now + i * 1000L) + ",\"playhead_ms\":" + (i * 10_000)
          + ",\"bitrate_kbps\":4500,\"rendition\":\"1080p\",\"buffer_ms\":12000,\"dropped_frames\":1,\"cdn\":\"fastly\","
          + "\"stream_type\":\"VOD\",\"content_duration_ms\":5400000,"
          + "\"device\":{\"type\":\"desktop\",\"app_version\":\"web-4.12.0\"},"
          + "\"player\":{\"name\":\"shaka-player\",\"version\":\"4.12.5\"}}");
    }
    return "[" + String.join(",", events) + "]";
  }

  /** The events of one session in {@code playback.events}, read from the beginning until {@code done} holds. */
  private static List<PlaybackEvent> readSession(String sessionId, Predicate<List<PlaybackEvent>> done, Duration timeout) {
    List<PlaybackEvent> found = new ArrayList<>();
    try (KafkaConsumer<String, PlaybackEvent> consumer = fromTheBeginning()) {
      await("events of session " + sessionId).atMost(timeout)
          .until(() -> poll(consumer, sessionId, found), done);
    }
    return found;
  }

  /** The events of one session that reach {@code playback.events} while {@code window} passes; none expected. */
  private static List<PlaybackEvent> readSessionDuring(String sessionId, Duration window) {
    List<PlaybackEvent> found = new ArrayList<>();
    try (KafkaConsumer<String, PlaybackEvent> consumer = fromTheBeginning()) {
      await("no events of session " + sessionId).during(window).atMost(window.plusSeconds(5))
          .until(() -> poll(consumer, sessionId, found), List::isEmpty);
    }
    return found;
  }

  private static List<PlaybackEvent> poll(KafkaConsumer<String, PlaybackEvent> consumer, String sessionId,
      List<PlaybackEvent> found) {
    for (ConsumerRecord<String, PlaybackEvent> r : consumer.poll(Duration.ofMillis(300))) {
      if (sessionId.equals(r.key())) {
        found.add(r.value());
      }
    }
    return found;
  }

  private static KafkaConsumer<String, PlaybackEvent> fromTheBeginning() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, PlaybackEvent> consumer = new KafkaConsumer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().deserializer(), Topics.PLAYBACK_EVENTS.valueSerde().deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.PLAYBACK_EVENTS.name()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private static Path origin() {
    try {
      return Files.createTempDirectory("serving-origin");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
