package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.guard.ConcurrencyGuard;
import io.ottplatform.guard.GuardConfig;
import io.ottplatform.guard.GuardMain.GuardApp;
import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import io.ottplatform.schemas.guard.ActiveStreamsAnswer;
import io.ottplatform.schemas.guard.GuardApi;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.serving.playback.ConcurrencyGuardClient;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * serving-api against the REAL concurrency guard (its Kafka Streams application, two instances of one
 * application id) on a real broker: the stream limit holds, a view's end frees a screen, a request
 * sent to the instance that does not own the account follows its 307, and when the guard is gone
 * the DENY policy refuses and the health check fails. The plan reaches the guard as in production
 * (serving-api's account plan outbox to account.plans); playback events are produced to
 * playback.events as ingest-api would, for the sessions serving-api granted.
 */
class RealGuardIT {

  /** The guards' api-token, which serving-api sends as a bearer token. */
  private static final String GUARD_TOKEN = "real-guard-it-token-0123456789abcdef";
  @RegisterExtension @Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(2) static final TwoGuards GUARDS = new TwoGuards();
  @RegisterExtension @Order(3) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  /** serving-api asks guard A only; accounts owned by B are answered through A's redirect. */
  @RegisterExtension @Order(4) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      origin(),
      ConfigOverride.config("concurrencyGuard.url", () -> GUARDS.url(GUARDS.a)),
      ConfigOverride.config("concurrencyGuard.whenUnavailable", "DENY"),
      ConfigOverride.config("concurrencyGuard.token", GUARD_TOKEN),
      ConfigOverride.config("plans.defaultPlan", "standard"), // two screens
      ConfigOverride.config("outbox.bootstrapServers", KAFKA::bootstrapServers),
      ConfigOverride.config("outbox.pollInterval", "100 milliseconds"));

  private static final String KEY_HEX = "00112233445566778899aabbccddeeff";
  private static final String KID_HEX = "0123456789abcdef0123456789abcdef";

  private static Api api;
  private static Session admin;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    admin = api.adminLogin("admin@example.com", "admin-laptop");
  }

  @Test
  void theRealGuardLimitsStreamsFreesAScreenWhenAViewEndsAndIsFollowedToTheOwningInstance() throws Exception {
    String movie = playableMovie();
    // an account that guard B owns, so that every question to A is redirected
    Session viewer = viewerOwnedBy(GUARDS.b);
    String account = viewer.accountId();
    URI streamsAtA = URI.create(GUARDS.url(GUARDS.a) + GuardApi.streamsPath(account));
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(streamsAtA).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).as("the guard's API without its token").isEqualTo(401);
    HttpResponse<String> atA = HttpClient.newHttpClient().send(HttpRequest.newBuilder(streamsAtA)
        .header("Authorization", "Bearer " + GUARD_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(atA.statusCode()).as("A does not own the account").isEqualTo(307);
    assertThat(atA.headers().firstValue("Location")).contains(GUARDS.url(GUARDS.b) + GuardApi.streamsPath(account));

    // serving-api published the account's plan to account.plans at sign-up (its outbox): the guard's
    // default limit here is 1, the plan says 2
    ConcurrencyGuardClient guard = new ConcurrencyGuardClient(GUARDS.url(GUARDS.a), Duration.ofSeconds(3),
        GUARD_TOKEN);
    await("the guard knows the plan").atMost(Duration.ofSeconds(60))
        .until(() -> guard.activeStreams(account).answer(), a -> a.isPresent() && a.get().limit() == 2);

    Map<String, String> play = Map.of("profileId", viewer.profileId(), "titleId", movie);
    String first = grant(viewer, play);
    watching(viewer, movie, first, EventType.VIEW_START);
    awaitActive(guard, account, List.of(first));
    String second = grant(viewer, play);
    watching(viewer, movie, second, EventType.VIEW_START);
    awaitActive(guard, account, sorted(first, second));

    Reply third = api.post("/v1/playback", viewer.accessToken(), play);
    assertThat(third.status()).as(third.json().toString()).isEqualTo(429);
    assertThat(third.text("reason")).isEqualTo("stream_limit_reached");
    assertThat(third.text("message")).contains("2 streams already playing");

    // the first view ends (the player's VIEW_END, through ingest to playback.events): the guard frees its
    // screen, but a player's word alone never frees the screen its grant reserved (issue #14)
    watching(viewer, movie, first, EventType.VIEW_END);
    awaitActive(guard, account, List.of(second));
    Reply stillHeld = api.post("/v1/playback", viewer.accessToken(), play);
    assertThat(stillHeld.status()).as(stillHeld.json().toString()).isEqualTo(429);
    assertThat(stillHeld.text("message")).contains("2 playback sessions already hold the plan's 2 screens");
    // the player ends its session with serving-api: now the screen is free
    assertThat(api.delete("/v1/playback/sessions/" + first, viewer.accessToken()).status()).isEqualTo(204);
    String again = grant(viewer, play);
    assertThat(again).isNotIn(first, second);

    assertThat(health().status()).isEqualTo(200);

    // the guard goes away: under DENY a grant is refused, and the health check says so
    GUARDS.closeAll();
    Reply refused = api.post("/v1/playback", viewer.accessToken(), play);
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.text("reason")).isEqualTo("concurrency_guard_unavailable");
    Reply health = health();
    assertThat(health.status()).isEqualTo(500);
    assertThat(health.json().path("concurrency-guard").path("healthy").asBoolean()).isFalse();
    assertThat(health.json().path("concurrency-guard").path("message").asText()).contains("policy DENY");
    // exactly one decision for one refused request: the refusal is decided once, on one code path
    assertThat(new Api(APP).getAbsolute("http://localhost:" + APP.getAdminPort() + "/prometheus").json().asText())
        .containsPattern("ott_playback_guard_unavailable_decisions_total\\{policy=\"deny\",?\\} 1\\.0");
  }

  private static void awaitActive(ConcurrencyGuardClient guard, String account, List<String> sessions) {
    await("guard counts exactly " + sessions).atMost(Duration.ofSeconds(60))
        .until(() -> guard.activeStreams(account).answer().map(ActiveStreamsAnswer::sessionIds),
            ids -> ids.equals(Optional.of(sessions)));
  }

  private static List<String> sorted(String... ids) {
    List<String> list = new ArrayList<>(List.of(ids));
    list.sort(null);
    return list;
  }

  private static String grant(Session viewer, Map<String, String> play) {
    Reply grant = api.post("/v1/playback", viewer.accessToken(), play);
    assertThat(grant.status()).as(grant.json().toString()).isEqualTo(200);
    return grant.text("sessionId");
  }

  /** One event of a granted session, as ingest-api writes it: keyed by session, stamped with the receive time. */
  private static void watching(Session viewer, String title, String sessionId, EventType type) {
    Instant now = Instant.now();
    produce(Topics.PLAYBACK_EVENTS.name(), sessionId, PlaybackEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setSessionId(sessionId)
        .setSequence(type == EventType.VIEW_START ? 0 : 1)
        .setAccountId(viewer.accountId()).setProfileId(viewer.profileId()).setTitleId(title)
        .setEventType(type).setClientTs(now).setServerTs(now)
        .setDevice(Device.newBuilder().setType("tv").build())
        .setPlayer(Player.newBuilder().setName("shaka-player").build())
        .setStreamType(StreamType.VOD).build());
  }

  @SuppressWarnings("unchecked")
  private static <V> void produce(String topic, String key, V value) {
    var registered = Topics.byName(topic).orElseThrow();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, V> producer = new KafkaProducer<>(p, Serdes.String().serializer(),
        (org.apache.kafka.common.serialization.Serializer<V>) registered.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not produce to " + topic + ": " + e, e);
    }
  }

  /** Signs viewers up until one's account is owned by {@code owner} (each lands on either of two instances). */
  private static Session viewerOwnedBy(GuardApp owner) {
    HostInfo wanted = GUARDS.host(owner);
    for (int i = 0; i < 40; i++) {
      Session s = api.withProfile(api.signUpAndLogin("guarded-" + i + "@example.com", "tv"), "Ann", false);
      KeyQueryMetadata meta = GUARDS.a.streams().queryMetadataForKey(ConcurrencyGuard.ACTIVE_SESSIONS_STORE,
          s.accountId(), Serdes.String().serializer());
      if (wanted.equals(meta.activeHost())) {
        return s;
      }
    }
    throw new AssertionError("no account of 40 landed on " + wanted);
  }

  private static Reply health() {
    return new Api(APP).getAbsolute("http://localhost:" + APP.getAdminPort() + "/healthcheck");
  }

  private static String playableMovie() {
    Reply created = api.post("/v1/admin/titles", admin.accessToken(),
        Api.title("movie", "Two Screens", "ALL", List.of("Drama"), Api.openIn("DE")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String id = created.text("id");
    Reply media = api.put("/v1/admin/titles/" + id + "/media", admin.accessToken(),
        Map.of("mediaPath", "demo/two-screens", "keyIdHex", KID_HEX, "keyHex", KEY_HEX));
    assertThat(media.status()).as(media.json().toString()).isEqualTo(204);
    return id;
  }

  private static Path origin() {
    try {
      return Files.createTempDirectory("ott-origin-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Two instances of the real guard application sharing one application id, each with its own state
   * directory and HTTP port; ready when both run and each owns part of the account partitions.
   */
  static final class TwoGuards implements BeforeAllCallback, AfterAllCallback {

    GuardApp a;
    GuardApp b;
    private Path state;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      state = Files.createTempDirectory("ott-guard-it-");
      a = GuardApp.start(config("a"));
      b = GuardApp.start(config("b"));
      await("both guard instances own account partitions").atMost(Duration.ofSeconds(90)).until(() -> {
        if (a.streams().state() != KafkaStreams.State.RUNNING || b.streams().state() != KafkaStreams.State.RUNNING) {
          return false;
        }
        Collection<StreamsMetadata> owners = a.streams().streamsMetadataForStore(ConcurrencyGuard.ACTIVE_SESSIONS_STORE);
        return owners.size() == 2 && owners.stream().allMatch(m -> !m.topicPartitions().isEmpty());
      });
    }

    private GuardConfig config(String instance) {
      // a heartbeat interval far longer than the test: sessions end by VIEW_END here, not by silence
      return GuardConfig.fromMap(Map.of("bootstrap", KAFKA.bootstrapServers(), "application-id", "serving-real-guard-it",
          "http-port", "0", "default-limit", "1", "heartbeat-interval", "10m", "api-token", GUARD_TOKEN,
          "state-dir", state.resolve(instance).toString()));
    }

    HostInfo host(GuardApp app) {
      return new HostInfo("127.0.0.1", app.httpPort()); // the guard's default advertised host
    }

    String url(GuardApp app) {
      return "http://127.0.0.1:" + app.httpPort();
    }

    synchronized void closeAll() {
      for (GuardApp app : new GuardApp[] {a, b}) {
        if (app != null) {
          app.close();
        }
      }
      a = null;
      b = null;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
      closeAll();
      if (state != null) {
        try (var files = Files.walk(state)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }
}
