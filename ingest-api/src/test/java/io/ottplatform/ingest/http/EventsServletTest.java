package io.ottplatform.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.ottplatform.ingest.IngestConfiguration.Bucket;
import io.ottplatform.ingest.auth.PlaybackTokenVerifier;
import io.ottplatform.ingest.core.BatchReader;
import io.ottplatform.net.CidrRange;
import io.ottplatform.ingest.core.EventValidator;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.net.IpAddresses;
import io.ottplatform.ingest.core.RateLimiter;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.core.UserAgentClassifier;
import io.ottplatform.ingest.kafka.EventPublisher;
import io.ottplatform.ingest.kafka.KafkaCircuit;
import io.ottplatform.ingest.support.Events;
import io.ottplatform.ingest.support.ServletServer;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NetworkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servlet on a real Jetty, with Kafka's MockProducer behind the real publisher. */
@org.junit.jupiter.api.Timeout(60)
class EventsServletTest {

  static {
    // Origin and Access-Control-Request-* are "restricted" for HttpURLConnection, which the test client uses
    System.setProperty("sun.net.http.allowRestrictedHeaders", "true");
  }

  static final TestTokens TOKENS = new TestTokens("k1");
  static final UserAgentClassifier USER_AGENTS = new UserAgentClassifier(100);
  static final MockProducer<String, PlaybackEvent> KAFKA = new MockProducer<>(true, null,
      Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer());
  static final MockProducer<String, PlaybackEvent> SLOW_KAFKA = new MockProducer<>(false, null,
      Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer());
  static final MetricRegistry METRICS = new MetricRegistry();
  static final String PLAYER_ORIGIN = "https://player.example";

  static final ServletServer SERVER = server(KAFKA, new Bucket(0, 0));
  static final ServletServer SLOW = server(SLOW_KAFKA, new Bucket(0, 0));
  /** Its own server: every other test's token is for account acc-1, whose bucket they would share. */
  static final ServletServer ACCOUNT_LIMITED = server(KAFKA, new Bucket(0.01, 6));

  static ServletServer server(MockProducer<String, PlaybackEvent> producer, Bucket perAccount) {
    MetricRegistry metrics = producer == KAFKA ? METRICS : new MetricRegistry();
    EventPublisher publisher = new EventPublisher(producer, Topics.PLAYBACK_EVENTS,
        new KafkaCircuit(Duration.ofSeconds(producer == KAFKA ? 1 : 60), System::nanoTime), metrics);
    IngestGate gate = new IngestGate(
        new PlaybackTokenVerifier(new ImmutableJWKSet<>(TOKENS.publicJwks()), TestTokens.ISSUER, TestTokens.AUDIENCE,
            Duration.ofSeconds(30), Clock.systemUTC(), 100),
        new RequestEnricher(new IpAddresses(List.of(CidrRange.parse("127.0.0.1"))), USER_AGENTS, "CloudFront-Viewer-Country"),
        new IngestGate.Limits(new RateLimiter(new Bucket(0, 0), System::nanoTime),
            new RateLimiter(new Bucket(0.01, 4), System::nanoTime), new RateLimiter(perAccount, System::nanoTime)),
        publisher, new IngestMetrics(metrics), new Cors(List.of(PLAYER_ORIGIN), 3600), Duration.ofSeconds(20),
        Executors.newSingleThreadExecutor());
    EventsServlet servlet = new EventsServlet(new BatchReader(4096, 5),
        new EventValidator(Duration.ofMinutes(5), Duration.ofHours(24)), gate, new IngestMetrics(metrics),
        Clock.systemUTC());
    return new ServletServer(servlet, EventsServlet.PATH);
  }

  @AfterAll
  static void stopServers() throws Exception {
    SERVER.close();
    SLOW.close();
    ACCOUNT_LIMITED.close();
  }

  String sid;

  @BeforeEach
  void newSession() {
    sid = UUID.randomUUID().toString();
    KAFKA.clear();
  }

  Invocation.Builder post() {
    return SERVER.target("/v1/events").request()
        .header("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
  }

  Response postJson(String body) {
    return post().header("Authorization", "Bearer " + TOKENS.token(sid)).post(Entity.entity(body, "application/json"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(Response r) {
    return r.readEntity(Map.class);
  }

  @Test
  void acceptsABatchAndWritesItWithTheTokensIds() {
    Instant at = Instant.now().minusSeconds(20);
    Response r = postJson(Events.heartbeats(sid, 3, at));

    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(json(r)).containsEntry("accepted", 3).containsEntry("rejected", List.of());
    List<PlaybackEvent> sent = KAFKA.history().stream().map(p -> p.value()).toList();
    assertThat(sent).hasSize(3);
    assertThat(KAFKA.history()).allSatisfy(p -> assertThat(p.key()).isEqualTo(sid));
    PlaybackEvent first = sent.get(0);
    assertThat(first.getAccountId()).isEqualTo("acc-1");
    assertThat(first.getProfileId()).isEqualTo("prof-1");
    assertThat(first.getTitleId()).isEqualTo("title-1");
    assertThat(first.getEventType()).isEqualTo(EventType.HEARTBEAT);
    assertThat(first.getClientTs()).isEqualTo(Instant.ofEpochMilli(at.toEpochMilli()));
    assertThat(first.getServerTs()).isAfter(first.getClientTs());
    assertThat(first.getDevice().getType()).isEqualTo("desktop");
    assertThat(first.getDevice().getBrowser()).isEqualTo("Chrome");
    assertThat(first.getDevice().getAppVersion()).isEqualTo("web-4.12.0");
    assertThat(METRICS.meter("ingest.events.accepted").getCount()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void takesTheTokenFromATextPlainBeaconBody() throws Exception {
    String beacon = "{\"token\":\"" + TOKENS.token(sid) + "\",\"events\":" + Events.heartbeats(sid, 2, Instant.now()) + "}";
    Response r = post().post(Entity.entity(beacon, "text/plain;charset=UTF-8"));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(json(r)).containsEntry("accepted", 2);

    assertThat(KAFKA.history()).hasSize(2);
  }

  @Test
  void acceptsTheGoodEventsAndNamesTheRejectedOnes() {
    String bad = Events.heartbeat(sid, 1, Instant.now()).replace("\"HEARTBEAT\"", "\"TELEPORT\"");
    Response r = postJson(Events.array(Events.heartbeat(sid, 0, Instant.now()), bad));

    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(json(r)).containsEntry("accepted", 1)
        .containsEntry("rejected", List.of(Map.of("index", 1, "field", "event_type", "reason", "unknown event_type: TELEPORT")));
    assertThat(KAFKA.history()).hasSize(1);

    Response none = postJson(Events.array(bad));
    assertThat(none.getStatus()).isEqualTo(400);
    assertThat(json(none)).containsEntry("accepted", 0);
  }

  @Test
  void anIdWithANulCharacterIsRefusedAndNeverReachesKafka() {
    String nul = Events.heartbeat(sid, 0, Instant.now()).replaceFirst("\"event_id\":\"[^\"]+\"",
        "\"event_id\":\"nul\\\\u0000id\"");
    Response r = postJson(Events.array(nul));

    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(json(r)).containsEntry("rejected", List.of(Map.of("index", 0, "field", "event_id",
        "reason", "event_id holds the control character U+0000 at position 3")));
    assertThat(KAFKA.history()).isEmpty();
  }

  @Test
  void refusesBadRequestsWithAStatusAndAMessageNamingTheProblem() {
    assertRefused(postJson("[{\"event_id\": "), 400, "not valid JSON");
    assertRefused(postJson("{\"events\": 7}"), 400, "\"events\" array");
    assertRefused(postJson("[]"), 400, "no events");
    assertRefused(postJson(Events.heartbeats(sid, 6, Instant.now())), 413, "at most 5 per request");
    assertRefused(postJson("[" + "\"x\",".repeat(2000) + "1]"), 413, "larger than 4096 bytes");
    assertRefused(post().header("Authorization", "Bearer " + TOKENS.token(sid))
        .post(Entity.entity("<events/>", "application/xml")), 415, "application/xml is not supported");
    // Jetty's getContentType() throws on a charset it does not know: this was a 500 naming the exception
    Response unknownCharset = post().header("Authorization", "Bearer " + TOKENS.token(sid)).post(Entity.entity(
        Events.heartbeats(sid, 1, Instant.now()).getBytes(StandardCharsets.UTF_8),
        jakarta.ws.rs.core.MediaType.valueOf("application/json; charset=nonsense")));
    assertRefused(unknownCharset, 415, "charset nonsense is not supported");
    Response get = post().get();
    assertRefused(get, 405, "method GET is not allowed on /v1/events");
    assertThat(get.getHeaderString("Allow")).isEqualTo("POST, OPTIONS");
    assertThat(KAFKA.history()).isEmpty();
  }

  @Test
  void refusesMissingForgedUnsignedAndOtherSessionsTokens() {
    String body = Events.heartbeats(sid, 1, Instant.now());
    Response missing = post().post(Entity.entity(body, "application/json"));
    assertRefused(missing, 401, "no playback token");
    assertThat(missing.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
    assertRefused(post().header("Authorization", "Bearer " + TestTokens.unsigned(sid))
        .post(Entity.entity(body, "application/json")), 401, "alg none");
    assertRefused(post().header("Authorization", "Bearer " + TestTokens.hs256(sid))
        .post(Entity.entity(body, "application/json")), 401, "HS256");
    assertRefused(post().header("Authorization", "Bearer " + TOKENS.forged(sid))
        .post(Entity.entity(body, "application/json")), 401, "signature");
    assertRefused(post().header("Authorization", "Bearer " + TOKENS.token("someone-else"))
        .post(Entity.entity(body, "application/json")), 403, "for session someone-else");
    assertThat(KAFKA.history()).isEmpty();
    assertThat(METRICS.meter("ingest.tokens.rejected.other_session").getCount()).isGreaterThanOrEqualTo(1);
    assertThat(METRICS.meter("ingest.tokens.rejected.algorithm").getCount()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void limitsRequestsPerSession() {
    for (int i = 0; i < 4; i++) {
      assertThat(postJson(Events.array(Events.heartbeat(sid, i, Instant.now()))).getStatus()).isEqualTo(200);
    }
    Response limited = postJson(Events.array(Events.heartbeat(sid, 9, Instant.now())));
    assertRefused(limited, 429, "too many requests for this session");
    assertThat(Long.parseLong(limited.getHeaderString("Retry-After"))).as("seconds until a token at 0.01/s").isBetween(90L, 100L);
  }

  @Test
  void limitsRequestsPerAccountAcrossItsSessionsSoMintingSessionsMintsNoRate() {
    // 6 requests at once for the account (burst 6), whatever the sessions: one new session per request
    String account = "acc-" + UUID.randomUUID();
    int accepted = 0;
    Response limited = null;
    for (int i = 0; i < 7 && limited == null; i++) {
      String session = UUID.randomUUID().toString();
      Response r = ACCOUNT_LIMITED.target("/v1/events").request()
          .header("Authorization", "Bearer " + TOKENS.sign(TestTokens.claims("prof-1", account,
              "title-1", session, Instant.now(), Duration.ofHours(1))))
          .post(Entity.entity(Events.heartbeats(session, 1, Instant.now()), "application/json"));
      if (r.getStatus() == 200) {
        accepted++;
      } else {
        limited = r;
      }
    }
    assertThat(accepted).as("the account's burst, whatever the number of sessions").isEqualTo(6);
    assertThat(limited).isNotNull();
    assertThat(limited.getStatus()).isEqualTo(429);
    Map<String, Object> body = json(limited);
    assertThat(body).containsEntry("reason", "rate_limited_account");
    assertThat(body.get("message").toString()).contains("too many requests for account " + account)
        .contains("0.01 requests/s, burst 6");
    assertThat(Long.parseLong(limited.getHeaderString("Retry-After"))).isBetween(90L, 100L);
  }

  @Test
  void answersCorsPreflightsOfTheListedOriginsOnly() {
    Response preflight = SERVER.target("/v1/events").request().header("Origin", PLAYER_ORIGIN)
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
        .options();
    assertThat(preflight.getStatus()).isEqualTo(204);
    assertThat(preflight.getHeaderString("Access-Control-Allow-Origin")).isEqualTo(PLAYER_ORIGIN);
    assertThat(preflight.getHeaderString("Access-Control-Allow-Headers")).contains("Authorization");
    assertThat(preflight.getHeaderString("Access-Control-Allow-Credentials")).isNull();
    assertThat(preflight.getHeaderString("Vary")).isEqualTo("Origin");

    Response r = post().header("Origin", PLAYER_ORIGIN).header("Authorization", "Bearer " + TOKENS.token(sid))
        .post(Entity.entity(Events.heartbeats(sid, 1, Instant.now()), "application/json"));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getHeaderString("Access-Control-Allow-Origin")).isEqualTo(PLAYER_ORIGIN);

    Response foreign = SERVER.target("/v1/events").request().header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST").options();
    assertThat(foreign.getStatus()).isEqualTo(403);
    assertThat(foreign.getHeaderString("Access-Control-Allow-Origin")).isNull();
    assertThat(json(foreign)).containsEntry("reason", "origin_not_allowed")
        .containsEntry("message", "origin 'https://evil.example' is not in cors.allowedOrigins");
    Response unlabelled = post().header("Origin", "https://evil.example")
        .header("Authorization", "Bearer " + TOKENS.token(sid))
        .post(Entity.entity(Events.heartbeats(sid, 1, Instant.now()), "application/json"));
    assertThat(unlabelled.getHeaderString("Access-Control-Allow-Origin")).as("a foreign page cannot read it").isNull();
  }

  @Test
  void theDefaultConfigurationAllowsNoOriginAndStarOnlyWhenListed() {
    assertThat(new io.ottplatform.ingest.IngestConfiguration().getCors().allowedOrigins).isEmpty();
  }

  @Test
  void answers503WithRetryAfterWhenKafkaFailsAndRefusesAtOnceForAWhile() throws Exception {
    SLOW_KAFKA.clear();
    String token = TOKENS.token(sid);
    Future<Response> pending = Executors.newSingleThreadExecutor().submit(() -> SLOW.target("/v1/events").request()
        .header("Authorization", "Bearer " + token)
        .post(Entity.entity(Events.heartbeats(sid, 2, Instant.now()), "application/json")));
    await("both events handed to the producer").atMost(Duration.ofSeconds(5))
        .until(() -> SLOW_KAFKA.history().size() == 2);
    assertThat(pending.isDone()).as("no answer before Kafka acknowledged").isFalse();
    SLOW_KAFKA.errorNext(new NetworkException("broker gone"));
    SLOW_KAFKA.errorNext(new NetworkException("broker gone"));

    Response failed = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
    String failedBody = failed.readEntity(String.class);
    assertThat(failed.getStatus()).isEqualTo(503);
    assertThat(failedBody).as("Kafka's text stays in the log").isEqualTo(UNAVAILABLE_BODY)
        .doesNotContain("broker gone").doesNotContain("Exception");
    assertThat(failed.getHeaderString("Retry-After")).isEqualTo("1");

    Response fast = SLOW.target("/v1/events").request().header("Authorization", "Bearer " + TOKENS.token(sid))
        .post(Entity.entity(Events.heartbeats(sid, 1, Instant.now()), "application/json"));
    assertThat(fast.getStatus()).isEqualTo(503);
    assertThat(fast.readEntity(String.class)).as("the circuit's refusal names no failure either")
        .isEqualTo(UNAVAILABLE_BODY);
    assertThat(SLOW_KAFKA.history()).as("refused without queueing").hasSize(2);
  }

  static final String UNAVAILABLE_BODY = "{\"code\":503,\"reason\":\"temporarily_unavailable\",\"message\":\"the "
      + "events cannot be stored right now; retry the same events after the Retry-After seconds\"}";

  static void assertRefused(Response r, int status, String message) {
    assertThat(r.getStatus()).isEqualTo(status);
    assertThat(json(r).get("message").toString()).contains(message);
  }
}
