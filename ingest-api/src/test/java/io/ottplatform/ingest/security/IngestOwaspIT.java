package io.ottplatform.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.ingest.IngestApplication;
import io.ottplatform.ingest.IngestConfiguration;
import io.ottplatform.ingest.support.Events;
import io.ottplatform.testsupport.RawHttp;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.ingest.support.TopicReader;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ingest-api probed as an attacker would, by OWASP API Security Top 10 (2023) category (API1..API10), against the
 * running service (Jetty, the real token verifier and limits) in front of a real Kafka broker; then a seeded fuzz of
 * every endpoint of the application port. docs/security.md has the table: category, probes, what each proves.
 *
 * <p>Every probe comes from its own client address (X-Forwarded-For from the trusted local proxy), session and
 * account, so the small limits configured here meet only the probe that means to hit them, in any order.
 */
// flat, not @Nested by category: KafkaBrokerExtension starts a broker for every class it runs before, so a nested
// class would bring a broker of its own that the service under test does not use
@Timeout(240)
class IngestOwaspIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final TestTokens TOKENS = new TestTokens("dev-1");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PLAYER_ORIGIN = "https://app.example";
  static Path jwks;
  static int deadKafkaPort;

  static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(IngestApplication.class,
      ResourceHelpers.resourceFilePath("test-config.yml"),
      ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.bootstrapServers()),
      ConfigOverride.config("playbackToken.jwksFile", () -> jwks.toString()),
      ConfigOverride.config("limits.maxEvents", "20"),
      ConfigOverride.config("limits.maxBodySize", "64KiB"),
      ConfigOverride.config("rateLimits.perIp.requestsPerSecond", "0.01"),
      ConfigOverride.config("rateLimits.perIp.burst", "5"),
      ConfigOverride.config("rateLimits.perSession.requestsPerSecond", "0.01"),
      ConfigOverride.config("rateLimits.perSession.burst", "5"),
      ConfigOverride.config("rateLimits.perAccount.requestsPerSecond", "0.01"),
      ConfigOverride.config("rateLimits.perAccount.burst", "8"));

  /** The same service whose Kafka is a port nobody listens on: every send fails for real. */
  static final DropwizardAppExtension<IngestConfiguration> NO_KAFKA = new DropwizardAppExtension<>(
      IngestApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
      ConfigOverride.config("kafka.bootstrapServers", () -> "127.0.0.1:" + deadKafkaPort),
      ConfigOverride.config("playbackToken.jwksFile", () -> jwks.toString()));

  static RawHttp http;

  @BeforeAll
  static void start() throws Exception {
    jwks = TOKENS.writeJwks(Files.createTempDirectory("ingest-jwks"));
    try (ServerSocket free = new ServerSocket(0)) {
      deadKafkaPort = free.getLocalPort();
    }
    APP.before();
    NO_KAFKA.before();
    http = new RawHttp(APP.getLocalPort());
  }

  @AfterAll
  static void stop() {
    NO_KAFKA.after();
    APP.after();
  }

  // ---- helpers: a fresh client for each probe

  /** A client address of its own (an IPv4 in TEST-NET-2), so the per-address limit is this probe's. */
  static String freshAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "198.51." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  static String sid() {
    return UUID.randomUUID().toString();
  }

  static String token(String account, String sid) {
    return TOKENS.sign(TestTokens.claims("prof-" + account, account, "title-1", sid, Instant.now(), Duration.ofHours(1)));
  }

  static Map<String, String> headers(String... pairs) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Forwarded-For", freshAddress());
    for (int i = 0; i < pairs.length; i += 2) {
      h.put(pairs[i], pairs[i + 1]);
    }
    return h;
  }

  static RawHttp.Answer postEvents(String body, Map<String, String> headers) {
    headers.putIfAbsent("Content-Type", "application/json");
    return http.send("POST", "/v1/events", headers, body.getBytes(StandardCharsets.UTF_8));
  }

  static RawHttp.Answer postEvents(String body, String token) {
    return postEvents(body, headers("Authorization", "Bearer " + token));
  }

  /** Status and the body's {@code reason}, the two things every probe pins. */
  static JsonNode expect(RawHttp.Answer a, int status, String reason) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    JsonNode body;
    try {
      body = JSON.readTree(a.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + a.body(), e);
    }
    assertThat(body.path("code").asInt()).isEqualTo(status);
    assertThat(body.path("reason").asText()).as(a.body()).isEqualTo(reason);
    return body;
  }

  static PlaybackEvent readBack(String sid) {
    List<ConsumerRecord<String, PlaybackEvent>> read = TopicReader.readUntil(KAFKA.bootstrapServers(),
        l -> l.stream().anyMatch(x -> x.key().equals(sid)), Duration.ofSeconds(30));
    return read.stream().filter(x -> x.key().equals(sid)).findFirst().orElseThrow().value();
  }

  /** A local HTTP listener that counts every connection made to it: proof that a URL was or was not fetched. */
  static final class Listener implements AutoCloseable {
    final AtomicInteger hits = new AtomicInteger();
    final HttpServer server;

    Listener() throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        hits.incrementAndGet();
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
      });
      server.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  // ---- API1 broken object level authorization
  @Test
  void api1EventsForASessionOtherThanTheTokensAreRefused() {
    String mine = sid();
    String victims = sid();
    JsonNode body = expect(postEvents(Events.heartbeats(victims, 1, Instant.now()), token("acc-api1", mine)),
        403, "token_other_session");
    assertThat(body.path("message").asText()).contains("is for session " + victims)
        .contains("the playback token is for session " + mine);
  }

  @Test
  void api1CmcdReportsForASessionOtherThanTheTokensAreRefused() {
    String victims = sid();
    RawHttp.Answer a = http.send("POST", "/v1/cmcd?token=" + token("acc-api1c", sid()),
        headers("Content-Type", "application/cmcd"),
        ("e=ps,sid=\"" + victims + "\",sn=0,sta=p,ts=" + Instant.now().toEpochMilli() + "\n")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(expect(a, 403, "token_other_session").path("message").asText()).contains("sid \"" + victims + "\"");
  }

  // ---- API2 broken authentication
  @Test
  void api2NoTokenIs401WithABearerChallenge() {
    RawHttp.Answer a = postEvents(Events.heartbeats(sid(), 1, Instant.now()), headers());
    assertThat(expect(a, 401, "token_missing").path("message").asText()).contains("no playback token");
    assertThat(a.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
  }

  @Test
  void api2UnsignedAndSharedSecretTokensAreRefused() {
    String sid = sid();
    assertThat(expect(postEvents(Events.heartbeats(sid, 1, Instant.now()), TestTokens.unsigned(sid)), 401,
        "token_algorithm").path("message").asText()).contains("alg none");
    assertThat(expect(postEvents(Events.heartbeats(sid, 1, Instant.now()), TestTokens.hs256(sid)), 401,
        "token_algorithm").path("message").asText()).contains("HS256");
  }

  @Test
  void api2ForgedExpiredAndOtherAudienceTokensAreRefused() {
    String sid = sid();
    String events = Events.heartbeats(sid, 1, Instant.now());
    expect(postEvents(events, TOKENS.forged(sid)), 401, "token_bad_signature");
    String expired = TOKENS.sign(TestTokens.claims("p", "acc-api2", "t", sid, Instant.now().minus(Duration.ofHours(7)),
        Duration.ofHours(6)));
    assertThat(expect(postEvents(events, expired), 401, "token_expired").path("message").asText())
        .contains("expired at");
    Map<String, Object> otherAudience = TestTokens.payload(sid, Instant.now());
    otherAudience.put("aud", "ott-serving-api");
    expect(postEvents(events, TOKENS.sign(otherAudience)), 401, "token_wrong_audience");
  }

  // ---- API3 broken object property level authorization
  @Test
  void api3ABodyCannotSetTheIdsTheCountryOrTheServersFields() {
    String sid = sid();
    String forged = Events.heartbeat(sid, 0, Instant.now()).replace("{\"event_id\"",
        "{\"account_id\":\"acc-victim\",\"profile_id\":\"p-victim\",\"title_id\":\"t-x\",\"country\":\"KP\","
            + "\"client_ip_prefix\":\"10.0.0.0/8\",\"server_ts\":0,\"event_id\"");
    RawHttp.Answer a = postEvents(Events.array(forged), headers("Authorization", "Bearer " + token("acc-api3", sid),
        "X-Forwarded-For", "203.0.113.77"));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    PlaybackEvent stored = readBack(sid);
    assertThat(stored.getAccountId()).isEqualTo("acc-api3");
    assertThat(stored.getProfileId()).isEqualTo("prof-acc-api3");
    assertThat(stored.getTitleId()).isEqualTo("title-1");
    assertThat(stored.getCountry()).isNull();
    assertThat(stored.getClientIpPrefix()).as("the server's view of the client").isEqualTo("203.0.113.0/24");
    assertThat(stored.getServerTs()).isAfter(Instant.now().minusSeconds(60));
  }

  // ---- API4 unrestricted resource consumption
  @Test
  void api4AnOversizedBodyAndAGzipBombAre413() throws Exception {
    String sid = sid();
    String big = "[" + "\"x\",".repeat(20_000) + "1]";
    expect(postEvents(big, token("acc-api4", sid)), 413, "body_too_large");
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(new byte[10 * 1024 * 1024]); // 10 MiB of zeros, about 10 KiB on the wire
    }
    RawHttp.Answer bomb = http.send("POST", "/v1/events", headers("Content-Type", "application/json",
        "Content-Encoding", "gzip", "Authorization", "Bearer " + token("acc-api4", sid)), zipped.toByteArray());
    assertThat(expect(bomb, 413, "body_too_large").path("message").asText()).contains("65536 bytes");
  }

  @Test
  void api4MoreEventsThanTheLimitIs413() {
    String sid = sid();
    expect(postEvents(Events.heartbeats(sid, 21, Instant.now()), token("acc-api4b", sid)), 413, "too_many_events");
  }

  @Test
  void api4AnIpv6ClientIsLimitedByItsSlash64WhateverItsInterfaceId() {
    String network = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":7:";
    RawHttp.Answer last = null;
    for (int i = 1; i <= 6; i++) { // burst 5: the sixth address of the /64 finds the bucket empty
      last = postEvents("[]", headers("X-Forwarded-For", network + Integer.toHexString(i) + ":0:0:1"));
    }
    JsonNode body = expect(last, 429, "rate_limited_ip");
    assertThat(body.path("message").asText()).contains("too many requests from this address");
    assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
    assertThat(postEvents("[]", headers("X-Forwarded-For", "2001:db8:ffff:8::1")).status())
        .as("another /64 has its own bucket").isEqualTo(400);
  }

  @Test
  void api4ASessionIsLimited() {
    String sid = sid();
    String token = token("acc-api4s-" + sid, sid);
    for (int i = 0; i < 5; i++) {
      assertThat(postEvents(Events.array(Events.heartbeat(sid, i, Instant.now())), token).status()).isEqualTo(200);
    }
    RawHttp.Answer limited = postEvents(Events.array(Events.heartbeat(sid, 9, Instant.now())), token);
    expect(limited, 429, "rate_limited_session");
    assertThat(limited.header("Retry-After")).isNotNull();
  }

  // ---- API5 broken function level authorization
  @Test
  void api5TheAdminEndpointsAreNotOnTheApplicationPort() {
    for (String[] request : new String[][] {{"GET", "/healthcheck"}, {"GET", "/prometheus"}, {"GET", "/metrics"},
        {"GET", "/threads"}, {"POST", "/tasks/gc"}, {"POST", "/tasks/log-level?logger=ROOT&level=ALL"}}) {
      RawHttp.Answer a = http.send(request[0], request[1], headers(), new byte[0]);
      assertThat(a.status()).as(request[0] + " " + request[1]).isEqualTo(404);
    }
    RawHttp.Answer admin = new RawHttp(APP.getAdminPort()).send("GET", "/healthcheck", Map.of(), null);
    assertThat(admin.status()).as("they are on the admin port, which binds loopback").isEqualTo(200);
  }

  @Test
  void api5MethodsOtherThanTheDocumentedOnesAre405() {
    for (String path : new String[] {"/v1/events", "/v1/cmcd"}) {
      for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
        RawHttp.Answer a = http.send(method, path, headers(), new byte[0]);
        assertThat(expect(a, 405, "method_not_allowed").path("message").asText())
            .contains("method " + method + " is not allowed on " + path);
        assertThat(a.header("Allow")).contains("POST");
      }
    }
  }

  // ---- API6 unrestricted access to sensitive business flows
  @Test
  void api6MintingPlaybackSessionsMintsNoRateTheAccountsBucketIsShared() {
    String account = "acc-api6-" + UUID.randomUUID();
    for (int i = 0; i < 8; i++) { // the account's burst, each request from a new session (and address)
      String sid = sid();
      assertThat(postEvents(Events.heartbeats(sid, 1, Instant.now()), token(account, sid)).status())
          .as("session %d", i).isEqualTo(200);
    }
    String ninth = sid();
    RawHttp.Answer limited = postEvents(Events.heartbeats(ninth, 1, Instant.now()), token(account, ninth));
    assertThat(expect(limited, 429, "rate_limited_account").path("message").asText())
        .contains("too many requests for account " + account)
        .contains("its sessions together may send 0.01 requests/s, burst 8");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(90L, 100L);
  }

  // ---- API7 server side request forgery
  @Test
  void api7AUrlInAnEventFieldIsStoredAsTextAndNeverFetched() throws Exception {
    try (Listener listener = new Listener()) {
      String sid = sid();
      String url = listener.url("/ssrf");
      String event = Events.heartbeat(sid, 0, Instant.now()).replace("\"cdn\":\"fastly\"", "\"cdn\":\"" + url + "\"");
      RawHttp.Answer a = postEvents(Events.array(event), token("acc-api7", sid));
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat(readBack(sid).getCdn()).isEqualTo(url);
      assertThat(listener.hits).as("connections to the URL in the event").hasValue(0);
    }
  }

  @Test
  void api7AKeyUrlInTheTokensHeaderIsNeverFollowed() throws Exception {
    try (Listener listener = new Listener()) {
      String sid = sid();
      ECKey attackers = new ECKeyGenerator(Curve.P_256).keyID("attacker-key").generate();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("JWT"))
          .keyID("attacker-key").jwkURL(URI.create(listener.url("/jwks.json")))
          .x509CertURL(URI.create(listener.url("/cert.pem"))).build(),
          JWTClaimsSet.parse(TestTokens.claims(sid, Instant.now()).toPayload()));
      jwt.sign(new ECDSASigner(attackers));
      RawHttp.Answer a = postEvents(Events.heartbeats(sid, 1, Instant.now()), jwt.serialize());
      assertThat(expect(a, 401, "token_unknown_key").path("message").asText()).contains("kid attacker-key");
      assertThat(listener.hits).as("connections to jku/x5u").hasValue(0);
    }
  }

  // ---- API8 security misconfiguration
  @Test
  void api8CorsAnswersTheListedOriginOnlyAndNeverAllowsCredentials() {
    RawHttp.Answer listed = http.send("OPTIONS", "/v1/cmcd?token=x", headers("Origin", PLAYER_ORIGIN,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"), null);
    assertThat(listed.status()).isEqualTo(204);
    assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo(PLAYER_ORIGIN);
    assertThat(listed.header("Access-Control-Allow-Credentials")).isNull();

    RawHttp.Answer foreign = http.send("OPTIONS", "/v1/events", headers("Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST"), null);
    assertThat(expect(foreign, 403, "origin_not_allowed").path("message").asText())
        .isEqualTo("origin 'https://evil.example' is not in cors.allowedOrigins");
    assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    assertThat(new IngestConfiguration().getCors().allowedOrigins).as("the default allows no origin").isEmpty();
  }

  @Test
  void api8AFailedKafkaSendIsA503WithAGenericReasonAndNoExceptionText() {
    RawHttp noKafka = new RawHttp(NO_KAFKA.getLocalPort());
    String sid = sid();
    for (int i = 0; i < 2; i++) { // the failed send, then the circuit's refusal
      RawHttp.Answer a = noKafka.send("POST", "/v1/events", headers("Content-Type", "application/json",
          "Authorization", "Bearer " + token("acc-api8", sid)),
          Events.array(Events.heartbeat(sid, i, Instant.now())).getBytes(StandardCharsets.UTF_8));
      assertThat(expect(a, 503, "temporarily_unavailable").path("message").asText())
          .isEqualTo("the events cannot be stored right now; retry the same events after the Retry-After seconds");
      assertThat(a.header("Retry-After")).isEqualTo("1");
      assertThat(a.body()).doesNotContain("Exception").doesNotContain("Topic").doesNotContain("metadata")
          .doesNotContain(Integer.toString(deadKafkaPort));
    }
  }

  @Test
  void api8ErrorsAreJsonNeverTheContainersHtmlPage() {
    RawHttp.Answer a = http.send("GET", "/v1/events", headers(), null);
    expect(a, 405, "method_not_allowed");
    assertThat(a.header("Content-Type")).startsWith("application/json");
    assertThat(a.body()).doesNotContain("<html");
  }

  // ---- API9 improper inventory management
  @Test
  void api9OnlyTheTwoDocumentedEndpointsAnswer() {
    for (String path : new String[] {"/v2/events", "/v0/events", "/v1/event", "/v1/events/1", "/v1/cmcd/x",
        "/events", "/openapi.json", "/swagger", "/v1/debug"}) {
      RawHttp.Answer a = http.send("POST", path, headers("Content-Type", "application/json"), "[]".getBytes());
      assertThat(a.status()).as("POST " + path).isEqualTo(404);
      assertThat(a.header("Content-Type")).as(path).startsWith("application/json");
    }
  }

  // ---- API10 unsafe consumption of apis
  @Test
  void api10ATokenSignedWithTheTrustedKeyIsStillRefusedWhenItsClaimsBreakTheContract() {
    String sid = sid();
    Map<String, Object> noAccount = TestTokens.payload(sid, Instant.now());
    noAccount.remove("acc");
    assertThat(expect(postEvents(Events.heartbeats(sid, 1, Instant.now()), TOKENS.sign(noAccount)), 401,
        "token_missing_claim").path("message").asText()).contains("no acc claim");
    Map<String, Object> controlInSession = TestTokens.payload(sid, Instant.now());
    controlInSession.put("sid", "s\u0000id");
    expect(postEvents("[{\"event_type\":\"HEARTBEAT\"}]", TOKENS.sign(controlInSession)), 401, "token_bad_claims");
    Map<String, Object> lifetime = TestTokens.payload(sid, Instant.now());
    lifetime.put("exp", ((Long) lifetime.get("iat")) + PlaybackTokenClaims.MAX_TTL.toSeconds() + 1);
    expect(postEvents(Events.heartbeats(sid, 1, Instant.now()), TOKENS.sign(lifetime)), 401, "token_bad_claims");
  }

  // ---- the fuzz: every endpoint of the application port, a few hundred seeded requests

  static final String[] STACK_TEXT = {"Exception", "at io.", "\tat ", "at java.", "at org."};

  @Test
  void fuzzingEveryEndpointNeverGivesA5xxOrStackText() {
    Random random = new Random(14);
    String[] paths = {"/v1/events", "/v1/cmcd", "/", "/v1", "/v1/events/", "/nope"};
    String[] methods = {"POST", "POST", "POST", "GET", "GET", "OPTIONS", "PUT", "DELETE", "HEAD", "PATCH", "TRACE",
        "P\u00d6ST", "X-GARBAGE"};
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < 360; i++) {
      String path = paths[i % paths.length];
      String method = pick(random, methods);
      String sid = sid();
      String target = path + query(random, sid);
      Map<String, String> headers = fuzzHeaders(random, sid);
      byte[] body = random.nextInt(8) == 0 ? null : body(random, path, sid);
      RawHttp.Answer a;
      try {
        a = http.send(method, target, headers, body);
      } catch (RuntimeException e) {
        failures.add(method + " " + target + ": no HTTP answer (" + e.getMessage() + ")");
        continue;
      }
      sent++;
      if (a.status() >= 500) {
        failures.add(method + " " + target + " -> " + a.status() + " " + a.body());
      }
      for (String stack : STACK_TEXT) {
        if (a.body().contains(stack)) {
          failures.add(method + " " + target + " -> stack text '" + stack + "': " + a.body());
        }
      }
    }
    assertThat(sent).as("requests answered").isGreaterThanOrEqualTo(300);
    assertThat(failures).as("answers with 5xx or stack text").isEmpty();
  }

  static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  static String query(Random random, String sid) {
    return switch (random.nextInt(9)) {
      case 0 -> "";
      case 1 -> "?token=" + token("acc-fuzz-" + random.nextInt(1000), sid);
      case 2 -> "?token=" + token("acc-fuzz-" + random.nextInt(1000), sid) + "&CMCD="
          + pct("e=ps,sid=\"" + sid + "\",sn=" + random.nextInt(5) + ",sta=p,ts=" + Instant.now().toEpochMilli());
      case 3 -> "?CMCD=%ZZ&token=%";
      case 4 -> "?" + pct(unicode(random, 40)) + "=" + pct(unicode(random, 40));
      case 5 -> "?player=" + "p".repeat(random.nextInt(200)) + "&player_version=%00";
      case 6 -> "?token=" + "a".repeat(5000) + "&CMCD=" + "b".repeat(3000);
      case 7 -> "?&&==&token&CMCD&CMCD=sn%3D1";
      default -> "?CMCD=" + pct(cmcdLine(random, sid)) + "&token=" + token("acc-fuzz", sid);
    };
  }

  static Map<String, String> fuzzHeaders(Random random, String sid) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Forwarded-For", random.nextInt(10) == 0 ? "unknown, " + ascii(random, 30) : freshAddressFrom(random));
    switch (random.nextInt(5)) {
      case 0 -> h.put("Authorization", "Bearer " + token("acc-fuzz-" + random.nextInt(1000), sid));
      case 1 -> h.put("Authorization", "Bearer " + ascii(random, random.nextInt(300)));
      case 2 -> h.put("Authorization", ascii(random, 20));
      default -> { }
    }
    h.put("Content-Type", pick(random, new String[] {"application/json", "application/json; charset=UTF-16",
        "text/plain;charset=UTF-8", "application/cmcd", "application/xml", "multipart/form-data; boundary=x",
        ascii(random, 12), "application/json; charset=nonsense"}));
    if (random.nextInt(6) == 0) {
      h.put("Content-Encoding", pick(random, new String[] {"gzip", "br", "deflate", "identity", ascii(random, 8)}));
    }
    if (random.nextInt(4) == 0) {
      h.put("Origin", pick(random, new String[] {PLAYER_ORIGIN, "https://evil.example", "null", ascii(random, 50)}));
      h.put("Access-Control-Request-Method", pick(random, new String[] {"POST", "GET", "DELETE", ascii(random, 5)}));
    }
    if (random.nextInt(8) == 0) {
      h.put("Content-Length", pick(random, new String[] {"-1", "abc", "99999999999999999999", "0"}));
    }
    if (random.nextInt(5) == 0) {
      h.put("User-Agent", unicodeHeaderSafe(random, 300));
      h.put("CloudFront-Viewer-Country", ascii(random, 3));
    }
    return h;
  }

  static String freshAddressFrom(Random random) {
    return random.nextBoolean() ? "198.18." + random.nextInt(256) + "." + random.nextInt(256)
        : "2001:db8:" + Integer.toHexString(random.nextInt(0xffff)) + ":" + Integer.toHexString(random.nextInt(0xffff))
            + "::1";
  }

  static byte[] body(Random random, String path, String sid) {
    String valid = path.equals("/v1/cmcd") ? cmcdLine(random, sid) + "\n" : Events.heartbeats(sid, 2, Instant.now());
    return switch (random.nextInt(12)) {
      case 0 -> new byte[0];
      case 1 -> bytes(random, random.nextInt(2000));
      case 2 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
      case 3 -> mutate(random, valid).getBytes(StandardCharsets.UTF_8);
      case 4 -> ("[" + "[".repeat(5000) + "]".repeat(5000) + "]").getBytes(StandardCharsets.UTF_8);
      case 5 -> valid.replace("\"HEARTBEAT\"", "\"" + unicode(random, 20) + "\"").getBytes(StandardCharsets.UTF_8);
      case 6 -> valid.replaceAll("[0-9]{6,}", "1" + "9".repeat(40)).getBytes(StandardCharsets.UTF_8);
      case 7 -> ("{\"token\":" + random.nextInt() + ",\"events\":{}}").getBytes(StandardCharsets.UTF_8);
      case 8 -> valid.replace("fastly", "x".repeat(30_000)).getBytes(StandardCharsets.UTF_8);
      case 9 -> unicode(random, 500).getBytes(StandardCharsets.UTF_8);
      case 10 -> valid.replace("\"", "\\u0022").getBytes(StandardCharsets.UTF_8);
      default -> valid.getBytes(StandardCharsets.UTF_8);
    };
  }

  static String cmcdLine(Random random, String sid) {
    String[] keys = {"e", "sid", "sn", "sta", "ts", "bl", "br", "d", "ot", "tb", "url", "nor", "ec", "cdn", "bs", "su"};
    StringBuilder line = new StringBuilder("sid=\"" + sid + "\"");
    for (int i = 0; i < 1 + random.nextInt(8); i++) {
      line.append(',').append(pick(random, keys)).append('=').append(pick(random, new String[] {
          Integer.toString(random.nextInt()), "\"" + ascii(random, 20).replace("\"", "") + "\"", "?1", "ps", "(1 2 3)",
          "-" + random.nextInt(99999) + "." + random.nextInt(999), "\"http://127.0.0.1:1/x\"", ascii(random, 6)}));
    }
    return line.toString();
  }

  static String mutate(Random random, String text) {
    StringBuilder b = new StringBuilder(text);
    for (int i = 0; i < 1 + random.nextInt(6); i++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, pick(random, new String[] {"\"", "{", "]", ",", ":", "\\", "\u0000", "\ud800", "null"}));
        default -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
      }
    }
    return b.toString();
  }

  static String unicode(Random random, int length) {
    StringBuilder b = new StringBuilder();
    int[] ranges = {0x20, 0x7f, 0xa0, 0x400, 0x4e00, 0x1f600, 0x0, 0xfffe};
    for (int i = 0; i < length; i++) {
      int start = ranges[random.nextInt(ranges.length)];
      b.appendCodePoint(start + random.nextInt(start == 0xfffe ? 2 : 64));
    }
    return b.toString();
  }

  /** Header values are octets: Latin-1 only, no CR or LF (which would end the header, not fuzz it). */
  static String unicodeHeaderSafe(Random random, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append((char) (0x20 + random.nextInt(0x5f)));
    }
    return b.toString();
  }

  static String ascii(Random random, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append((char) (0x21 + random.nextInt(0x5d)));
    }
    return b.toString();
  }

  static byte[] bytes(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  static String pct(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
