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
        "application-id", "guard-it", "state-dir", state.toString()));
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
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/nope")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
    }
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
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
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
