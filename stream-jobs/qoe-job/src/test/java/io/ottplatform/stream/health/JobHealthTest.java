package io.ottplatform.stream.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.config.Settings;
import io.ottplatform.stream.health.JobMetricsReporter.OperatorCounts;
import io.ottplatform.stream.health.JobMetricsReporter.Snapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

class JobHealthTest {

  private static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration MAX_AGE = Duration.ofSeconds(60);

  private static Snapshot checkpointed(Duration ago) {
    return new Snapshot(7, Optional.of(NOW.minus(ago)), 7, 1, 0, Map.of(
        "playback-events", new OperatorCounts(0, 1_200, 0),
        "late-event-filter", new OperatorCounts(1_200, 1_195, 5)));
  }

  private static JobHealth health(JobStatus status, Optional<Snapshot> snapshot) {
    return new JobHealth(() -> status, () -> snapshot, Optional.of("/ott/state/qoe-job/savepoints/savepoint-1"),
        MAX_AGE, CLOCK);
  }

  @Test
  void aRunningJobWithARecentCheckpointIsHealthyAndSaysWhereItResumedFrom() {
    JobHealth.Verdict v = health(JobStatus.RUNNING, Optional.of(checkpointed(Duration.ofSeconds(2)))).check();
    assertThat(v.healthy()).isTrue();
    assertThat(v.body()).contains("\"state\":\"RUNNING\"", "\"last_checkpoint_id\":7", "\"last_checkpoint_age_s\":2.0",
        "\"restored_from\":\"/ott/state/qoe-job/savepoints/savepoint-1\"").doesNotContain("reason");
  }

  @Test
  void aJobWithoutACompletedCheckpointYetIsUnhealthy() {
    Snapshot none = new Snapshot(-1, Optional.empty(), 0, 0, 0, Map.of());
    JobHealth.Verdict v = health(JobStatus.RUNNING, Optional.of(none)).check();
    assertThat(v.healthy()).isFalse();
    assertThat(v.body()).contains("no checkpoint completed yet", "\"last_checkpoint_age_s\":null");
  }

  @Test
  void aStaleCheckpointIsUnhealthyAndTheReasonNamesItsAgeAndTheLimit() {
    JobHealth.Verdict v = health(JobStatus.RUNNING, Optional.of(checkpointed(Duration.ofSeconds(95)))).check();
    assertThat(v.healthy()).isFalse();
    assertThat(v.body()).contains("the last completed checkpoint (7) is 95.0 s old", "max-checkpoint-age 60 s");
  }

  @Test
  void aJobThatIsNotRunningIsUnhealthyWhateverItsCheckpoints() {
    JobHealth.Verdict v = health(JobStatus.RESTARTING, Optional.of(checkpointed(Duration.ofSeconds(1)))).check();
    assertThat(v.healthy()).isFalse();
    assertThat(v.body()).contains("\"state\":\"RESTARTING\"", "the job is RESTARTING, not RUNNING");
  }

  @Test
  void anUnreadableStateIsUnhealthyWithTheCause() {
    JobHealth h = new JobHealth(() -> {
      throw new IllegalStateException("the MiniCluster is shut down");
    }, Optional::empty, Optional.empty(), MAX_AGE, CLOCK);
    assertThat(h.check().body()).contains("\"state\":\"UNKNOWN\"", "the MiniCluster is shut down",
        "\"restored_from\":null");
  }

  @Test
  void theEndpointAnswers503WithTheReasonAndPrometheusMetrics() throws Exception {
    JobHealth stale = health(JobStatus.RUNNING, Optional.of(checkpointed(Duration.ofSeconds(95))));
    try (HealthServer server = HealthServer.start(new HealthEndpointConfig("127.0.0.1", 0, MAX_AGE), stale,
        () -> Optional.of(checkpointed(Duration.ofSeconds(95))))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthcheck")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("95.0 s old");

      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("qoe_job_up 0\n", "qoe_job_last_checkpoint_age_seconds 95.0\n",
          "qoe_job_late_events_total 5\n", "qoe_job_checkpoints_failed_total 1\n",
          "qoe_job_records_out_total{operator=\"playback-events\"} 1200\n",
          "qoe_job_records_in_total{operator=\"late-event-filter\"} 1200\n");

      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/healthcheck"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("/status");
    }
  }

  @Test
  void aCheckpointAgeLimitBelowTwoIntervalsIsNamed() {
    Settings s = Settings.of("test", Map.of("health.max-checkpoint-age", "5s"));
    HealthEndpointConfig.read(s, Duration.ofSeconds(5));
    assertThatThrownBy(s::finish).hasMessageContaining("health.max-checkpoint-age = '5s'")
        .hasMessageContaining("checkpoint-interval (5s)");
  }
}
