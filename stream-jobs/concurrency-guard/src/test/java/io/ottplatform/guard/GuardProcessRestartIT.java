package io.ottplatform.guard;

import static io.ottplatform.guard.GuardEvents.event;
import static io.ottplatform.schemas.avro.EventType.VIEW_END;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.schemas.avro.ConcurrencyEvent;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard as an operator runs it ({@link GuardMain}, its own process, state under {@code OTT_HOME}): killed with
 * {@code kill -9} after it has counted a first wave of streams, the stream goes on while it is down, and the same
 * command started again answers every account's exact active streams and has published every violation once.
 */
class GuardProcessRestartIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final int ACCOUNTS = 20;
  private static final Pattern SESSION_IDS = Pattern.compile("\"session_ids\"\\s*:\\s*\\[([^\\]]*)]");

  @TempDir Path ottHome;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aKilledGuardRestartsWithEveryAccountsExactStreamsAndEachViolationPublishedOnce() throws Exception {
    int port = freePort();
    Fleet fleet = new Fleet();

    // account k plays (k % 4) + 1 streams at once: the limit is 2, so 3 and 4 streams are violations
    for (int k = 0; k < ACCOUNTS; k++) {
      for (int s = 0; s < k % 4 + 1; s++) {
        fleet.start(k, s);
      }
    }
    try (ChildJvm first = startGuard(port, "first")) {
      fleet.produce();
      awaitExactStreams(port, fleet, first);
      first.kill();
    }

    // while the guard is down: every account with two or more streams ends its first one
    for (int k = 0; k < ACCOUNTS; k++) {
      if (k % 4 + 1 >= 2) {
        fleet.end(k, 0);
      }
    }
    fleet.produce();

    try (ChildJvm second = startGuard(port, "second")) {
      awaitExactStreams(port, fleet, second);
      // after the restart: every account starts one more stream (a violation where two were still playing)
      for (int k = 0; k < ACCOUNTS; k++) {
        fleet.start(k, 9);
      }
      fleet.produce();
      awaitExactStreams(port, fleet, second);

      await("every violation published once").atMost(Duration.ofSeconds(60))
          .until(() -> violationsPerAccount().equals(fleet.violations));
      assertThat(second.output()).contains("concurrency guard: state in " + ottHome.resolve("state/concurrency-guard"));
    }
  }

  /** The events of the test fleet and, computed as they are added, each account's active sessions and violations. */
  private static final class Fleet {
    final Map<String, TreeSet<String>> active = new TreeMap<>();
    final Map<String, Integer> violations = new TreeMap<>();
    final List<PlaybackEvent> pending = new ArrayList<>();
    final long now = Instant.now().toEpochMilli() - GuardEvents.T0.toEpochMilli();

    void start(int k, int s) {
      String account = "acct-" + k;
      TreeSet<String> sessions = active.computeIfAbsent(account, a -> new TreeSet<>());
      sessions.add(account + "-s" + s);
      if (sessions.size() > 2) {
        violations.merge(account, 1, Integer::sum);
      }
      pending.add(event(account, account + "-s" + s, VIEW_START, now));
    }

    void end(int k, int s) {
      String account = "acct-" + k;
      active.get(account).remove(account + "-s" + s);
      pending.add(event(account, account + "-s" + s, VIEW_END, now + 1));
    }

    void produce() {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
      try (KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(p,
          Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer())) {
        pending.forEach(e -> producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), e.getSessionId(), e)));
      }
      pending.clear();
    }
  }

  private ChildJvm startGuard(int port, String life) {
    // sessions stay active for two heartbeat intervals of wall-clock time: long enough for the whole test
    return ChildJvm.start(GuardMain.class, "256m", List.of("--set", "http-port=" + port, "--set", "heartbeat-interval=120s",
            "--set", "application-id=guard-restart-it", "--set", "api-token=" + GuardEvents.API_TOKEN),
        Map.of("OTT_HOME", ottHome.toString(), "OTT_KAFKA_BOOTSTRAP", KAFKA.bootstrapServers()),
        ottHome.resolve("guard-" + life + ".log"));
  }

  /** Waits for the exact sessions of every account (not a count that two moments share). */
  private void awaitExactStreams(int port, Fleet fleet, ChildJvm guard) {
    // a guard still starting has not bound its port yet: that is "no answer yet", not a failure (a loaded CI
    // machine polled before the child JVM listened)
    await("every account's exact streams").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
        .ignoreException(ConnectException.class)
        .failFast("the guard process died:\n" + guard.output(), () -> !guard.isAlive())
        .until(() -> {
          Map<String, TreeSet<String>> answered = new HashMap<>();
          for (String account : fleet.active.keySet()) {
            answered.put(account, sessionIds(port, account));
          }
          return answered.equals(fleet.active);
        });
  }

  private TreeSet<String> sessionIds(int port, String account) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/accounts/" + account + "/streams")).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + GuardEvents.API_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = SESSION_IDS.matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      return null; // starting, rebalancing (503) or restoring: not an answer yet
    }
    TreeSet<String> ids = new TreeSet<>();
    Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .forEach(s -> ids.add(s.replace("\"", "")));
    return ids;
  }

  /** Violations on concurrency.events (read_committed), counted per account. */
  private static Map<String, Integer> violationsPerAccount() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Integer> out = new TreeMap<>();
    try (KafkaConsumer<String, ConcurrencyEvent> consumer = new KafkaConsumer<>(p,
        Topics.CONCURRENCY_EVENTS.keySerde().deserializer(), Topics.CONCURRENCY_EVENTS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONCURRENCY_EVENTS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 10_000;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, ConcurrencyEvent> r : consumer.poll(Duration.ofMillis(200))) {
          out.merge(r.value().getAccountId(), 1, Integer::sum);
        }
      }
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
