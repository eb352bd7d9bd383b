package io.ottplatform.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.ottplatform.ingest.IngestConfiguration.Bucket;
import io.ottplatform.ingest.auth.PlaybackTokenVerifier;
import io.ottplatform.ingest.cmcd.CmcdEventMapper;
import io.ottplatform.ingest.cmcd.CmcdReportReader;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.core.RateLimiter;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.core.UserAgentClassifier;
import io.ottplatform.ingest.kafka.EventPublisher;
import io.ottplatform.ingest.kafka.KafkaCircuit;
import io.ottplatform.ingest.support.CmcdSession;
import io.ottplatform.ingest.support.ServletServer;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.net.CidrRange;
import io.ottplatform.net.IpAddresses;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/cmcd} on a real Jetty, with Kafka's MockProducer behind the real publisher. */
@org.junit.jupiter.api.Timeout(60)
class CmcdServletTest {

  static final TestTokens TOKENS = new TestTokens("k1");
  static final ObjectMapper JSON = new ObjectMapper();
  static final MockProducer<String, PlaybackEvent> KAFKA = new MockProducer<>(true, null,
      Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer());
  static final ServletServer SERVER = server();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static ServletServer server() {
    MetricRegistry metrics = new MetricRegistry();
    EventPublisher publisher = new EventPublisher(KAFKA, Topics.PLAYBACK_EVENTS,
        new KafkaCircuit(Duration.ofSeconds(1), System::nanoTime), metrics);
    IngestGate gate = new IngestGate(
        new PlaybackTokenVerifier(new ImmutableJWKSet<>(TOKENS.publicJwks()), TestTokens.ISSUER, TestTokens.AUDIENCE,
            Duration.ofSeconds(30), Clock.systemUTC(), 100),
        new RequestEnricher(new IpAddresses(List.of(CidrRange.parse("127.0.0.1"))), new UserAgentClassifier(10),
            "CloudFront-Viewer-Country"),
        new IngestGate.Limits(new RateLimiter(new Bucket(0, 0), System::nanoTime),
            new RateLimiter(new Bucket(0, 0), System::nanoTime), new RateLimiter(new Bucket(0, 0), System::nanoTime)),
        publisher, new IngestMetrics(metrics), new Cors(List.of("https://player.example"), 3600),
        Duration.ofSeconds(20), Executors.newSingleThreadExecutor());
    CmcdServlet servlet = new CmcdServlet(new CmcdReportReader(8192, 20),
        new CmcdEventMapper(Duration.ofMinutes(5), Duration.ofHours(24)), gate, new IngestMetrics(metrics),
        Clock.systemUTC());
    return new ServletServer(servlet, CmcdServlet.PATH);
  }

  @AfterAll
  static void stop() throws Exception {
    SERVER.close();
  }

  String sid;
  String token;

  @BeforeEach
  void newSession() {
    sid = UUID.randomUUID().toString();
    token = TOKENS.token(sid);
    KAFKA.clear();
  }

  URI uri(String query) {
    return URI.create(SERVER.target("/v1/cmcd").getUri() + "?" + query);
  }

  HttpResponse<String> post(String query, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(query)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postCmcd(String query, String body) throws Exception {
    return post(query, "application/cmcd", body.getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  List<PlaybackEvent> sent() {
    return KAFKA.history().stream().map(r -> r.value()).toList();
  }

  @Test
  void postedReportsBecomeEventsKeyedByTheTokensSession() throws Exception {
    CmcdSession s = CmcdSession.standardView(sid, "c-1", Instant.now().minusSeconds(60));
    HttpResponse<String> r = postCmcd("token=" + token + "&player=hls.js&player_version=1.7.4", s.body());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"accepted\":16,\"rejected\":[]}");
    assertThat(sent()).hasSize(16).allSatisfy(e -> {
      assertThat(e.getSessionId()).isEqualTo(sid);
      assertThat(e.getTitleId()).isEqualTo("title-1");
      assertThat(e.getPlayer().getName()).isEqualTo("hls.js");
      assertThat(e.getPlayer().getVersion()).isEqualTo("1.7.4");
    });
    assertThat(KAFKA.history()).allSatisfy(p -> assertThat(p.key()).isEqualTo(sid));
  }

  @Test
  void aMalformedLineIsRefusedByItsNumberAndTheOtherLinesCount() throws Exception {
    CmcdSession s = new CmcdSession(sid, "c-1", Instant.now().minusSeconds(10))
        .state("s", 0).garbage("e=ps,sta=p,,sn=99").state("p", 900).report("e", 1_000, "sta=zz");
    HttpResponse<String> r = postCmcd("token=" + token, s.body());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("accepted").asInt()).isEqualTo(2);
    assertThat(body.path("rejected")).hasSize(2);
    assertThat(body.path("rejected").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(body.path("rejected").get(0).path("reason").asText())
        .contains("line 2 is not an RFC 8941 dictionary at character 11", "e=ps,sta=p,<<HERE>>,sn=99");
    assertThat(body.path("rejected").get(1).path("line").asInt()).isEqualTo(4);
    assertThat(body.path("rejected").get(1).path("key").asText()).isEqualTo("sta");
    assertThat(sent()).extracting(PlaybackEvent::getEventType).containsExactly(EventType.PLAY, EventType.PLAYING);
  }

  @Test
  void aBatchWithNoGoodLineIs400WithEveryLineNamed() throws Exception {
    HttpResponse<String> r = postCmcd("token=" + token, "not cmcd at all\n{\"json\": true}\n");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.path("accepted").asInt()).isZero();
    assertThat(body.path("rejected").findValuesAsText("line")).containsExactly("1", "2");
    assertThat(sent()).isEmpty();
  }

  @Test
  void oneReportAsTheCmcdQueryOfAGetOrAnEmptyPost() throws Exception {
    String report = "e=ps,sid=\"" + sid + "\",sn=0,sta=s,ts=" + Instant.now().toEpochMilli() + ",v=2";
    String query = "CMCD=" + URLEncoder.encode(report, StandardCharsets.UTF_8) + "&token=" + token;
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(uri(query)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("{\"accepted\":1,\"rejected\":[]}");

    String second = "e=ps,sid=\"" + sid + "\",sn=1,sta=p,ts=" + Instant.now().toEpochMilli() + ",v=2";
    HttpResponse<String> post = post("CMCD=" + URLEncoder.encode(second, StandardCharsets.UTF_8) + "&token=" + token,
        null, new byte[0]);
    assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
    assertThat(sent()).extracting(PlaybackEvent::getEventType).containsExactly(EventType.PLAY, EventType.PLAYING);

    HttpResponse<String> both = postCmcd("CMCD=" + URLEncoder.encode(second, StandardCharsets.UTF_8) + "&token="
        + token, second + "\n");
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.body()).contains("in the body or in ?CMCD=, not both");
  }

  @Test
  void theTokenIsVerifiedAsOnTheJsonPath() throws Exception {
    String body = new CmcdSession(sid, "c", Instant.now()).state("s", 0).body();
    HttpResponse<String> none = postCmcd("player=hls.js", body);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("add ?token=");
    assertThat(postCmcd("token=" + TOKENS.forged(sid), body).statusCode()).isEqualTo(401);
    assertThat(postCmcd("token=" + TestTokens.unsigned(sid), body).statusCode()).isEqualTo(401);
    HttpResponse<String> bearer = post("", "application/cmcd", body.getBytes(StandardCharsets.UTF_8),
        "Authorization", "Bearer " + token);
    assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);

    String otherSession = new CmcdSession("someone-else", "c", Instant.now()).state("s", 0).body();
    HttpResponse<String> other = postCmcd("token=" + token, otherSession);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("line 1 has sid \\\"someone-else\\\" but the playback token is for session " + sid);
  }

  @Test
  void refusesBadRequestsWithAStatusAndAMessageNamingTheProblem() throws Exception {
    String body = new CmcdSession(sid, "c", Instant.now()).state("s", 0).body();
    HttpResponse<String> xml = post("token=" + token, "application/xml", body.getBytes(StandardCharsets.UTF_8));
    assertThat(xml.statusCode()).isEqualTo(415);
    assertThat(xml.body()).contains("Content-Type application/xml is not supported");
    HttpResponse<String> empty = postCmcd("token=" + token, "\n\n");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("the body has no CMCD reports");
    CmcdSession many = new CmcdSession(sid, "c", Instant.now());
    for (int i = 0; i < 21; i++) {
      many.interval(i);
    }
    HttpResponse<String> tooMany = postCmcd("token=" + token, many.body());
    assertThat(tooMany.statusCode()).isEqualTo(413);
    assertThat(tooMany.body()).contains("the body has 21 CMCD reports; at most 20 per request");
    HttpResponse<String> nothing = HTTP.send(HttpRequest.newBuilder(uri("token=" + token)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(nothing.statusCode()).isEqualTo(400);
    assertThat(nothing.body()).contains("no CMCD reports");
    HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(uri("token=" + token))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, OPTIONS");
    HttpResponse<String> dup = postCmcd("token=" + token, body + body);
    assertThat(dup.statusCode()).isEqualTo(200);
    assertThat(json(dup).path("rejected").get(0).path("reason").asText()).isEqualTo("sn 0 appears twice in this batch");
  }

  @Test
  void refusesControlCharactersInThePlayerParametersWhichBecomeEventFields() throws Exception {
    String body = new CmcdSession(sid, "c", Instant.now()).state("s", 0).body();
    HttpResponse<String> nul = postCmcd("token=" + token + "&player=hls%00js", body);
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(json(nul).path("message").asText())
        .isEqualTo("?player= holds the control character U+0000 at position 3");
    HttpResponse<String> escape = postCmcd("token=" + token + "&player=hls.js&player_version=1.7%1B%5B2J", body);
    assertThat(escape.statusCode()).isEqualTo(400);
    assertThat(json(escape).path("message").asText())
        .isEqualTo("?player_version= holds the control character U+001B at position 3");
  }

  @Test
  void acceptsAGzippedBody() throws Exception {
    byte[] plain = CmcdSession.standardView(sid, "c", Instant.now().minusSeconds(60)).body()
        .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(plain);
    }
    HttpResponse<String> r = post("token=" + token, "application/cmcd", zipped.toByteArray(),
        "Content-Encoding", "gzip");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(sent()).hasSize(16);
  }

  @Test
  void answersTheBrowsersPreflightForApplicationCmcd() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("token=" + token))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://player.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://player.example");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, OPTIONS");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("content-type");
  }
}
