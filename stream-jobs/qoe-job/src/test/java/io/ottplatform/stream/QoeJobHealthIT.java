package io.ottplatform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.local.Ports;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job process's own endpoint, as {@code ./ott status} asks it: {@code /healthcheck} turns 200 once the job
 * runs and has completed a checkpoint, and {@code /metrics} counts the events the job read, in its own OS process
 * ({@link QoeJobMain}) on a real broker.
 */
class QoeJobHealthIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final String INPUT = "health.events";
  private static final Pattern RECORDS = Pattern.compile("qoe_job_records_(?:in|out)_total\\{operator=\"([^\"]*)\"} (\\d+)");

  @TempDir Path ottHome;

  @Test
  void theEndpointTurnsHealthyOnceTheJobRunsAndCountsTheEventsItReads() throws Exception {
    KafkaIO.createTopics(KAFKA.bootstrapServers(), 2, INPUT, "health.summaries", "health.aggregates", "health.late");
    int port = Ports.freePort();
    HttpClient http = HttpClient.newHttpClient();
    URI healthcheck = URI.create("http://127.0.0.1:" + port + "/healthcheck");
    try (ChildJvm job = ChildJvm.start(QoeJobMain.class, "768m", List.of(
            "--set", "input-topic=" + INPUT, "--set", "summaries-topic=health.summaries",
            "--set", "aggregates-topic=health.aggregates", "--set", "late-topic=health.late",
            "--set", "group-id=health-it", "--set", "transactional-id-prefix=health-it",
            "--set", "parallelism=1", "--set", "checkpoint-interval=2s", "--set", "health.port=" + port),
        Map.of("OTT_HOME", ottHome.toString(), "OTT_KAFKA_BOOTSTRAP", KAFKA.bootstrapServers()),
        ottHome.resolve("qoe-job.log"))) {
      HttpResponse<String> healthy = await("a 200 from " + healthcheck).atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .failFast("the job process died:\n" + job.output(), () -> !job.isAlive())
          .until(() -> get(http, healthcheck), r -> r != null && r.statusCode() == 200);
      assertThat(healthy.body()).contains("\"healthy\":true", "\"state\":\"RUNNING\"", "\"restored_from\":null")
          .containsPattern("\"last_checkpoint_age_s\":\\d+\\.\\d");
      assertThat(job.output()).contains("qoe-job: health on " + healthcheck);

      List<SimulatedView> views = new FleetSimulator(SimulatorConfig.defaults(11L, 5)).views().toList();
      List<PlaybackEvent> events = KafkaIO.inArrivalOrder(views.stream().map(SimulatedView::events).toList());
      KafkaIO.produce(KAFKA.bootstrapServers(), INPUT, events);
      URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
      // the source and the operators chained to it (Flink names them) each count every event once
      await("an operator that counted every produced event").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> counts(get(http, metrics).body()), c -> c.contains((long) events.size()));
      String text = get(http, metrics).body();
      assertThat(text).contains("qoe_job_up 1\n", "# TYPE qoe_job_records_in_total counter",
          "qoe_job_late_events_total 0\n").containsPattern("qoe_job_checkpoints_completed_total [1-9]");

      assertThat(job.terminate(90)).as("a stop with savepoint:\n%s", job.output()).isZero();
    }
  }

  private static List<Long> counts(String metrics) {
    Matcher m = RECORDS.matcher(metrics);
    List<Long> counts = new java.util.ArrayList<>();
    while (m.find()) {
      counts.add(Long.parseLong(m.group(2)));
    }
    return counts;
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return null; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
