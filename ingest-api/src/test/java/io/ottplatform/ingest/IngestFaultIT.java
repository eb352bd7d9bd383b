package io.ottplatform.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.ingest.support.IngestClient;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.ingest.support.TopicReader;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stops in the middle of a load and comes back: nothing answered 2xx is lost, and what was
 * answered while it was down got 503.
 */
@Timeout(240)
class IngestFaultIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final TestTokens TOKENS = new TestTokens("dev-1");
  static Path jwks;
  static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(IngestApplication.class,
      ResourceHelpers.resourceFilePath("test-config.yml"),
      ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.bootstrapServers()),
      ConfigOverride.config("playbackToken.jwksFile", () -> jwks.toString()));

  /** One request: when it was answered, how, and which events it carried. */
  record Answer(long answeredNanos, int status, String retryAfter, List<String> eventIds, String body) {}

  /** Every 503's body, whatever failed: Kafka's own text (broker addresses, exception names) goes to the log only. */
  static final String UNAVAILABLE_BODY = "{\"code\":503,\"reason\":\"temporarily_unavailable\",\"message\":\"the "
      + "events cannot be stored right now; retry the same events after the Retry-After seconds\"}";

  @BeforeAll
  static void start() throws Exception {
    jwks = TOKENS.writeJwks(Files.createTempDirectory("ingest-jwks"));
    APP.before();
  }

  @AfterAll
  static void stop() {
    APP.after();
  }

  @Test
  void everyEventAnswered2xxSurvivesABrokerOutageAndTheOutageIsAnswered503() throws Exception {
    IngestClient client = new IngestClient(APP.getLocalPort());
    // Streamed while the players add to it: a synchronizedList's stream is not safe against those adds
    // (ConcurrentModificationException); this queue's iterators are weakly consistent instead.
    Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    int players = 4;
    ExecutorService pool = Executors.newFixedThreadPool(players);
    List<Future<?>> loops = new ArrayList<>();
    for (int p = 0; p < players; p++) {
      loops.add(pool.submit(() -> play(client, running, answers)));
    }

    // exact states, not durations: enough acknowledged before the stop, the outage answered, the recovery seen
    await("20 batches acknowledged before the broker stops").atMost(Duration.ofSeconds(60))
        .until(() -> count(answers, a -> a.status() == 200) >= 20);
    KAFKA.stop();
    long downFrom = System.nanoTime();
    await("the outage answered 503 ten times").atMost(Duration.ofSeconds(60))
        .until(() -> count(answers, a -> a.answeredNanos() > downFrom && a.status() == 503) >= 10);
    long downUntil = System.nanoTime();
    KAFKA.restart();
    long restarted = System.nanoTime();
    await("20 batches acknowledged after the restart").atMost(Duration.ofSeconds(90))
        .until(() -> count(answers, a -> a.answeredNanos() > restarted && a.status() == 200) >= 20);
    running.set(false);
    for (Future<?> f : loops) {
      f.get();
    }
    pool.shutdown();

    List<Answer> all = List.copyOf(answers);
    assertThat(all).extracting(Answer::status).as("only 200 and 503, never a 500").containsOnly(200, 503);
    List<Answer> duringOutage = all.stream()
        .filter(a -> a.answeredNanos() > downFrom && a.answeredNanos() < downUntil).toList();
    assertThat(duringOutage).as("requests answered while the broker was down").isNotEmpty()
        .allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
    assertThat(all).filteredOn(a -> a.status() == 503).allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
    // whichever path answered (the ack timeout, a failed send, the open circuit), the body is the same
    assertThat(all).filteredOn(a -> a.status() == 503).extracting(Answer::body).as("503 bodies carry no exception text")
        .allSatisfy(b -> assertThat(b).isEqualTo(UNAVAILABLE_BODY)
            .doesNotContain("Exception").doesNotContain(KAFKA.bootstrapServers()).doesNotContain("playback"));
    assertThat(all).filteredOn(a -> a.answeredNanos() < downFrom && a.status() == 200).as("2xx before").isNotEmpty();
    assertThat(all).filteredOn(a -> a.answeredNanos() > restarted && a.status() == 200).as("2xx after").isNotEmpty();

    Set<String> acknowledged = all.stream().filter(a -> a.status() == 200)
        .flatMap(a -> a.eventIds().stream()).collect(Collectors.toSet());
    List<ConsumerRecord<String, PlaybackEvent>> read = TopicReader.readUntil(KAFKA.bootstrapServers(),
        l -> l.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet()).containsAll(acknowledged),
        Duration.ofSeconds(60));
    Set<String> inKafka = read.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet());
    assertThat(acknowledged).as("events answered 2xx").hasSizeGreaterThan(100);
    assertThat(inKafka).as("every event answered 2xx is in Kafka").containsAll(acknowledged);
    System.out.printf("fault test: %d requests, %d answered 503, %d events acknowledged, %d records in Kafka%n",
        all.size(), all.stream().filter(a -> a.status() == 503).count(), acknowledged.size(), read.size());
  }

  private static long count(Queue<Answer> answers, java.util.function.Predicate<Answer> which) {
    return answers.stream().filter(which).count();
  }

  /** A player posting 20-event batches of its own session, as fast as it is answered; no retries. */
  static Void play(IngestClient client, AtomicBoolean running, Queue<Answer> answers) {
    String sid = UUID.randomUUID().toString();
    String token = TOKENS.token(sid);
    long sequence = 0;
    while (running.get()) {
      List<String> ids = new ArrayList<>();
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < 20; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        body.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(id).append("\",\"sequence\":").append(sequence++)
            .append(",\"event_type\":\"HEARTBEAT\",\"client_ts\":").append(Instant.now().toEpochMilli())
            .append(",\"playhead_ms\":").append(sequence * 1000).append(",\"player\":{\"name\":\"fault-test\"}}");
      }
      HttpResponse<String> r = client.postJson(body.append(']').toString(), token);
      answers.add(new Answer(System.nanoTime(), r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), ids,
          r.body()));
      if (r.statusCode() == 503) {
        pause(100); // the player's own backoff, not a test wait: shorter than Retry-After to probe the outage more often
      }
    }
    return null;
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
