package io.ottplatform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.ingest.support.Events;
import io.ottplatform.ingest.support.IngestClient;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.ingest.support.TopicReader;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.simulator.sink.EventJson;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole service on Jetty, in front of a real broker. */
@Timeout(120)
class IngestApiIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final TestTokens TOKENS = new TestTokens("dev-1");
  static Path jwks;
  static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(IngestApplication.class,
      ResourceHelpers.resourceFilePath("test-config.yml"),
      ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.bootstrapServers()),
      ConfigOverride.config("playbackToken.jwksFile", () -> jwks.toString()));
  static IngestClient client;

  @BeforeAll
  static void start() throws Exception {
    jwks = TOKENS.writeJwks(Files.createTempDirectory("ingest-jwks"));
    APP.before(); // after the broker: the app's bootstrap servers come from it
    client = new IngestClient(APP.getLocalPort());
  }

  @AfterAll
  static void stop() {
    APP.after();
  }

  static String tokenFor(SimulatedView v) {
    return TOKENS.sign(TestTokens.claims(v.profileId(), v.accountId(), v.titleId(), v.sessionId(), Instant.now(),
        Duration.ofHours(6)));
  }

  @Test
  void jettyKeepsNoPerConnectionHeaderCacheSinceEverySessionHasItsOwnToken() {
    // with the cache on, a connection carrying many sessions cleared it on nearly every request (NoHeaderCache)
    assertThat(APP.getEnvironment().getApplicationContext().getServer().getConnectors()).isNotEmpty().allSatisfy(c ->
        assertThat(c.getContainedBeans(org.eclipse.jetty.server.HttpConnectionFactory.class)).isNotEmpty()
            .allSatisfy(http -> assertThat(http.getHttpConfiguration().getHeaderCacheSize())
                .as("header cache size of %s", c).isZero()));
  }

  @Test
  void simulatedViewsComeOutOfKafkaExactlyAsTheContractSaysWithIdsFromTheToken() {
    SimulatorConfig config = SimulatorConfig.defaults(21, 6).withStart(Instant.now().minus(Duration.ofHours(5)))
        .withMeanWatch(Duration.ofMinutes(3));
    List<SimulatedView> views = new FleetSimulator(config).views().toList();
    Instant before = Instant.now();
    for (SimulatedView v : views) {
      String token = tokenFor(v);
      PlaybackEvent first = v.events().get(0);
      for (int from = 0; from < v.events().size(); from += 50) {
        List<PlaybackEvent> batch = v.events().subList(from, Math.min(v.events().size(), from + 50));
        HttpResponse<String> r = client.post(EventJson.array(batch).getBytes(StandardCharsets.UTF_8), Map.of(
            "Content-Type", "application/json", "Authorization", "Bearer " + token,
            "User-Agent", FleetSimulator.userAgentOf(first.getDevice(), first.getPlayer()),
            "X-Forwarded-For", "198.18.5.77", "CloudFront-Viewer-Country", first.getCountry()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":" + batch.size() + ",\"rejected\":[]}");
      }
    }
    Instant after = Instant.now();
    Map<String, PlaybackEvent> sent = views.stream().flatMap(v -> v.events().stream())
        .collect(Collectors.toMap(PlaybackEvent::getEventId, e -> e));

    List<ConsumerRecord<String, PlaybackEvent>> read = TopicReader.readUntil(KAFKA.bootstrapServers(),
        r -> r.stream().filter(x -> sent.containsKey(x.value().getEventId())).count() >= sent.size(), Duration.ofSeconds(60));

    List<ConsumerRecord<String, PlaybackEvent>> ours = read.stream()
        .filter(r -> sent.containsKey(r.value().getEventId())).toList();
    assertThat(ours).hasSize(sent.size());
    for (ConsumerRecord<String, PlaybackEvent> r : ours) {
      PlaybackEvent actual = r.value();
      PlaybackEvent simulated = sent.get(actual.getEventId());
      assertThat(r.key()).isEqualTo(simulated.getSessionId());
      assertThat(actual.getServerTs()).isBetween(before.minusMillis(1), after.plusMillis(1));
      assertThat(actual.getDevice().getType()).isEqualTo(simulated.getDevice().getType());
      PlaybackEvent expected = PlaybackEvent.newBuilder(simulated)
          .setServerTs(actual.getServerTs())
          .setDevice(actual.getDevice())
          .setClientIpPrefix("198.18.5.0/24")
          .build();
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void aBodyCannotChooseTheAccountProfileOrTitle() {
    String sid = UUID.randomUUID().toString();
    String forged = Events.heartbeat(sid, 0, Instant.now())
        .replace("{\"event_id\"", "{\"account_id\":\"acc-victim\",\"profile_id\":\"p-victim\",\"title_id\":\"t-x\",\"event_id\"");
    HttpResponse<String> r = client.postJson(Events.array(forged), TOKENS.token(sid));
    assertThat(r.statusCode()).isEqualTo(200);

    List<ConsumerRecord<String, PlaybackEvent>> read = TopicReader.readUntil(KAFKA.bootstrapServers(),
        l -> l.stream().anyMatch(x -> x.key().equals(sid)), Duration.ofSeconds(30));
    PlaybackEvent e = read.stream().filter(x -> x.key().equals(sid)).findFirst().orElseThrow().value();
    assertThat(e.getAccountId()).isEqualTo("acc-1");
    assertThat(e.getProfileId()).isEqualTo("prof-1");
    assertThat(e.getTitleId()).isEqualTo("title-1");
    assertThat(e.getCountry()).as("no trusted country header sent").isNull();
    assertThat(e.getClientIpPrefix()).isEqualTo("127.0.0.0/24");
  }

  @Test
  void eachBadInputGetsItsStatusAndAMessageNamingTheProblem() throws Exception {
    String sid = UUID.randomUUID().toString();
    String token = TOKENS.token(sid);
    String good = Events.heartbeats(sid, 2, Instant.now());

    expect(client.postJson("[{\"event_id\":", token), 400, "not valid JSON");
    expect(client.postJson("{\"events\":\"none\"}", token), 400, "a JSON object body needs an");
    expect(client.post(good.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml",
        "Authorization", "Bearer " + token)), 415, "application/xml is not supported");
    HttpResponse<String> tooLarge = client.postJson("[" + "\"x\",".repeat(140_000) + "1]", token);
    expect(tooLarge, 413, "larger than 524288 bytes");
    assertThat(tooLarge.headers().firstValue("Connection")).as("refused before the body's end: the connection closes")
        .hasValue("close");
    expect(client.postJson(Events.heartbeats(sid, 301, Instant.now()), token), 413, "301 events; at most 300");
    expect(client.post(good.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json",
        "Content-Encoding", "gzip", "Authorization", "Bearer " + token)), 400, "not valid gzip");
    expect(client.postJson(good, TestTokens.unsigned(sid)), 401, "alg none");
    expect(client.postJson(good, TestTokens.hs256(sid)), 401, "HS256");
    HttpResponse<String> forged = client.postJson(good, TOKENS.forged(sid));
    expect(forged, 401, "signature does not verify");
    assertThat(forged.headers().firstValue("Connection")).as("body read to its end: the connection stays").isEmpty();
    expect(client.postJson(good, TOKENS.sign(TestTokens.claims("prof-1", "acc-1", "title-1", sid,
        Instant.now().minusSeconds(7200), Duration.ofSeconds(7140)))), 401, "expired");
    expect(client.postJson(good, TOKENS.token("another-session")), 403, "for session another-session");
    expect(client.post(good.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")), 401,
        "no playback token");

    String bad = Events.heartbeat(sid, 9, Instant.now().plus(Duration.ofHours(1)));
    HttpResponse<String> partial = client.postJson(Events.array(Events.heartbeat(sid, 8, Instant.now()), bad), token);
    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(partial.body()).startsWith("{\"accepted\":1,\"rejected\":[{\"index\":1,\"field\":\"client_ts\",\"reason\":\"client_ts ")
        .contains("ahead of the server clock");

    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(good.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> zipped = client.post(gz.toByteArray(), Map.of("Content-Type", "application/json",
        "Content-Encoding", "gzip", "Authorization", "Bearer " + token));
    assertThat(zipped.statusCode()).as(zipped.body()).isEqualTo(200);

    HttpResponse<String> beacon = client.post(("{\"token\":\"" + token + "\",\"events\":"
        + Events.heartbeats(sid, 1, Instant.now()).replace("\"sequence\":0", "\"sequence\":20") + "}")
        .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain;charset=UTF-8"));
    assertThat(beacon.statusCode()).as(beacon.body()).isEqualTo(200);

    HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/events"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST").build());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");

    String metrics = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus")).GET().build()).body();
    assertThat(metrics).contains("ingest_tokens_rejected_total{reason=\"algorithm\",} 2.0",
        "ingest_requests_rejected_total{reason=\"malformed_json\",}", "ingest_events_rejected_total{reason=\"client_ts\",}",
        "ingest_kafka_send_latency", "ingest_kafka_buffer_used_ratio", "ingest_events_accepted_total");
    HttpResponse<String> health = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")).GET().build());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"kafka\":{\"healthy\":true");
  }

  static void expect(HttpResponse<String> r, int status, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).contains("\"code\":" + status).contains(message);
  }
}
