package io.ottplatform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.ingest.cmcd.CmcdEventMapper;
import io.ottplatform.ingest.support.CmcdSession;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.ingest.support.TopicReader;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CMCD v2 event-mode reports through the whole service on Jetty into a real broker. */
@Timeout(120)
class CmcdIngestIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final TestTokens TOKENS = new TestTokens("dev-1");
  static final ObjectMapper JSON = new ObjectMapper();
  static Path jwks;
  static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(IngestApplication.class,
      ResourceHelpers.resourceFilePath("test-config.yml"),
      ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.bootstrapServers()),
      ConfigOverride.config("playbackToken.jwksFile", () -> jwks.toString()));
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    jwks = TOKENS.writeJwks(Files.createTempDirectory("ingest-jwks"));
    APP.before();
  }

  @AfterAll
  static void stop() {
    APP.after();
  }

  static URI cmcd(String query) {
    return URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/cmcd?" + query);
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> postCmcd(String query, String body) throws Exception {
    return send(HttpRequest.newBuilder(cmcd(query)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/cmcd")
        .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static List<PlaybackEvent> eventsOf(String sid, int atLeast) {
    List<ConsumerRecord<String, PlaybackEvent>> read = TopicReader.readUntil(KAFKA.bootstrapServers(),
        r -> r.stream().filter(x -> x.key().equals(sid)).count() >= atLeast, Duration.ofSeconds(60));
    return read.stream().filter(r -> r.key().equals(sid)).map(ConsumerRecord::value).toList();
  }

  @Test
  void aBatchAsHlsJsPostsItWithOneMalformedLineLandsInKafkaAsTheSessionsEvents() throws Exception {
    String sid = UUID.randomUUID().toString();
    String token = TOKENS.sign(TestTokens.claims("prof-7", "acc-7", "title-77", sid, Instant.now(), Duration.ofHours(6)));
    // the standard view with one line broken in transit after the PLAY (sn 2): a line, not a report, is lost
    CmcdSession view = CmcdSession.standardView(sid, "https://cdn.example/title-77/master.m3u8",
        Instant.now().minusSeconds(90));
    List<String> lines = new ArrayList<>(view.lines());
    lines.add(3, "e=ps,sid=\"" + sid + "\",sn=,sta=p");
    String body = String.join("\n", lines) + "\n";

    HttpResponse<String> preflight = send(HttpRequest.newBuilder(cmcd("token=" + token + "&player=hls.js"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://127.0.0.1:9999")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type").build());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");

    HttpResponse<String> r = postCmcd("token=" + token + "&player=hls.js&player_version=1.7.4", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("accepted").asInt()).isEqualTo(16);
    assertThat(answer.path("rejected")).hasSize(1);
    assertThat(answer.path("rejected").get(0).path("line").asInt()).isEqualTo(4);
    assertThat(answer.path("rejected").get(0).path("reason").asText()).contains("line 4 is not an RFC 8941 dictionary");

    List<PlaybackEvent> events = eventsOf(sid, 16);
    assertThat(events).hasSize(16);
    assertThat(events).extracting(PlaybackEvent::getSequence).containsExactlyInAnyOrder(
        0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getAccountId()).isEqualTo("acc-7");
      assertThat(e.getProfileId()).isEqualTo("prof-7");
      assertThat(e.getTitleId()).isEqualTo("title-77");
      assertThat(e.getEventId()).isEqualTo(CmcdEventMapper.eventId(sid, e.getSequence()));
      assertThat(e.getPlayer().getName()).isEqualTo("hls.js");
      assertThat(e.getDevice().getType()).isEqualTo("desktop");
      assertThat(e.getClientIpPrefix()).isEqualTo("127.0.0.0/24");
    });
    Map<Long, EventType> types = events.stream()
        .collect(Collectors.toMap(PlaybackEvent::getSequence, PlaybackEvent::getEventType));
    assertThat(types).containsEntry(2L, EventType.PLAY).containsEntry(4L, EventType.PLAYING)
        .containsEntry(7L, EventType.REBUFFER_START).containsEntry(15L, EventType.ENDED);

    ViewSummary v = ViewQoeCalculator.summarizeView(events, ViewEndReason.TIMEOUT);
    assertThat(v.getStartupTimeMs()).isEqualTo(800L);
    assertThat(v.getRebufferDurationMs()).isEqualTo(1_200L);
    assertThat(v.getMissingSequences()).isZero();
  }

  @Test
  void aResentBatchKeepsItsEventIdsSoTheDuplicatesAreRemovedDownstream() throws Exception {
    String sid = UUID.randomUUID().toString();
    String token = TOKENS.token(sid);
    String body = new CmcdSession(sid, "c", Instant.now().minusSeconds(5)).state("s", 0).state("p", 700).body();
    assertThat(postCmcd("token=" + token, body).statusCode()).isEqualTo(200);
    assertThat(postCmcd("token=" + token, body).statusCode()).as("a player's retry").isEqualTo(200);

    List<PlaybackEvent> events = eventsOf(sid, 4);
    assertThat(events).hasSize(4);
    assertThat(events.stream().map(PlaybackEvent::getEventId).distinct()).hasSize(2);
    ViewSummary v = ViewQoeCalculator.summarizeView(events, ViewEndReason.TIMEOUT);
    assertThat(v.getEventCount()).isEqualTo(2);
    assertThat(v.getStartupTimeMs()).isEqualTo(700L);
  }

  @Test
  void aReportInTheQueryOfAGetLandsToo() throws Exception {
    String sid = UUID.randomUUID().toString();
    String report = "e=t,sid=\"" + sid + "\",sn=0,ts=" + Instant.now().toEpochMilli() + ",v=2";
    HttpResponse<String> r = send(HttpRequest.newBuilder(cmcd("CMCD=" + URLEncoder.encode(report, StandardCharsets.UTF_8)
        + "&token=" + TOKENS.token(sid))).GET().build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(eventsOf(sid, 1)).singleElement().satisfies(e -> {
      assertThat(e.getEventType()).isEqualTo(EventType.HEARTBEAT);
      assertThat(e.getPlayer().getName()).isEqualTo("cmcd");
    });
  }
}
