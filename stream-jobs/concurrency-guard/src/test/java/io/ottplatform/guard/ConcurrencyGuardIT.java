package io.ottplatform.guard;

import static io.ottplatform.guard.GuardEvents.event;
import static io.ottplatform.schemas.avro.EventType.VIEW_END;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.schemas.avro.ConcurrencyEvent;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The guard against a real broker: its HTTP API counts an account's streams and it reports the one over the limit. */
class ConcurrencyGuardIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path state;

  @Test
  void countsStreamsOverHttpAndPublishesTheViolation() throws Exception {
    GuardConfig config = GuardConfig.fromMap(Map.of("bootstrap", KAFKA.bootstrapServers(), "http-port", "0",
        "application-id", "guard-it", "state-dir", state.toString(), "api-token", GuardEvents.API_TOKEN));
    try (GuardMain.GuardApp app = GuardMain.GuardApp.start(config)) {
      // ingest time is now: the API compares with the wall clock
      long now = Instant.now().toEpochMilli() - GuardEvents.T0.toEpochMilli();
      produce(List.of(event("acct-it", "s1", VIEW_START, now), event("acct-it", "s2", VIEW_START, now),
          event("acct-it", "s3", VIEW_START, now), event("acct-it", "s1", VIEW_END, now + 10)));

      String url = "http://127.0.0.1:" + app.httpPort() + "/accounts/acct-it/streams";
      // wait for the exact end state: "two active streams" is also true before s3 arrives ({s1,s2}),
      // and a test that waits for a count two moments share is a race
      String body = awaitBody(url, "\"session_ids\":[\"s2\",\"s3\"]");
      assertThat(body).contains("\"active_streams\":2").contains("\"limit\":2")
          .contains("\"may_start_another\":false");

      ConcurrencyEvent violation = readOneViolation();
      assertThat(violation.getOffendingSessionId()).isEqualTo("s3");
      assertThat(violation.getActiveSessions()).containsExactly("s1", "s2", "s3");

      HttpResponse<String> unknown = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/nope"))
              .header("Authorization", "Bearer " + GuardEvents.API_TOKEN).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theApiAnswersOnlyABearerOfTheTokenAndOnlyOnLoopback() throws Exception {
    GuardConfig config = GuardConfig.fromMap(Map.of("bootstrap", KAFKA.bootstrapServers(), "http-port", "0",
        "application-id", "guard-auth-it", "state-dir", state.toString(), "api-token", GuardEvents.API_TOKEN));
    try (GuardMain.GuardApp app = GuardMain.GuardApp.start(config)) {
      String base = "http://127.0.0.1:" + app.httpPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = await("the stores answer").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
              HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
      assertThat(health.body()).as("health names no account").isEqualTo("{\"healthy\":true}");

      URI streams = URI.create(base + "/accounts/acct-auth/streams");
      for (String authorization : new String[] {null, "Bearer wrong-token", "Bearer " + GuardEvents.API_TOKEN + "x",
          GuardEvents.API_TOKEN, "bearer " + GuardEvents.API_TOKEN}) {
        HttpRequest.Builder request = HttpRequest.newBuilder(streams);
        if (authorization != null) {
          request.header("Authorization", authorization);
        }
        HttpResponse<String> refused = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("Authorization: " + authorization).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"concurrency-guard\"");
        assertThat(refused.body()).doesNotContain("session_ids");
      }
      // with the token: the answer (a rebalance may still answer 503 for a moment, as it does for any caller)
      HttpRequest authorized = HttpRequest.newBuilder(streams)
          .header("Authorization", "Bearer " + GuardEvents.API_TOKEN).build();
      HttpResponse<String> allowed = await("the authorized answer").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> http.send(authorized, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() != 503);
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).contains("\"account_id\":\"acct-auth\"");

      // bound to loopback: another address of this host is refused
      java.util.Optional<java.net.InetAddress> external = java.util.Collections.list(
              java.net.NetworkInterface.getNetworkInterfaces()).stream()
          .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
          .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst();
      org.junit.jupiter.api.Assumptions.assumeTrue(external.isPresent(), "this host has only loopback addresses");
      try (java.net.Socket socket = new java.net.Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                new java.net.InetSocketAddress(external.get(), app.httpPort()), 2000))
            .as("connect to " + external.get().getHostAddress() + ":" + app.httpPort())
            .isInstanceOf(java.net.ConnectException.class);
      }
    }
  }

  @Test
  void aMissingOrShortTokenIsAConfigurationError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GuardConfig.fromMap(Map.of(
            "bootstrap", "127.0.0.1:9", "api-token", "short")))
        .hasMessageContaining("api-token (OTT_GUARD_TOKEN): must be set to at least 32 characters (was 5)")
        .hasMessageNotContaining("short");
  }

  private static void produce(List<PlaybackEvent> events) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer())) {
      for (PlaybackEvent e : events) {
        producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), e.getSessionId(), e));
        producer.flush(); // in order across partitions: the guard sees them as produced
      }
    }
  }

  /** The first 200 answer of {@code url} whose body contains {@code expected}. */
  private static String awaitBody(String url, String expected) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + GuardEvents.API_TOKEN).build();
    HttpResponse<String> answer = await("an answer containing " + expected).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()),
            r -> r.statusCode() == 200 && r.body().contains(expected));
    return answer.body();
  }

  private static ConcurrencyEvent readOneViolation() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "guard-it-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, ConcurrencyEvent> consumer = new KafkaConsumer<>(p,
        Topics.CONCURRENCY_EVENTS.keySerde().deserializer(), Topics.CONCURRENCY_EVENTS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.CONCURRENCY_EVENTS.name()));
      List<ConcurrencyEvent> read = new java.util.ArrayList<>();
      await("a published violation").atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
        return !read.isEmpty();
      });
      return read.get(0);
    }
  }

}
