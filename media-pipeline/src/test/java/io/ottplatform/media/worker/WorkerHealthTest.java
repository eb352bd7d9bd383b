package io.ottplatform.media.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.health.HealthEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {

  private static final Duration MAX_POLL_AGE = Duration.ofSeconds(30);
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);

  /** A clock the test moves. */
  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2026-12-05T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final StepClock clock = new StepClock();
  private final WorkerStatus status = new WorkerStatus(clock);
  private final WorkerHealth health = new WorkerHealth(status, MAX_POLL_AGE, SESSION_TIMEOUT);

  private static final Optional<Duration> HEARTBEAT_FRESH = Optional.of(Duration.ofSeconds(3));

  @Test
  void aLoopThatPolledRecentlyIsHealthyAndOneThatStoppedPollingIsNot() {
    assertThat(health.check().healthy()).as("before the loop starts").isFalse();
    assertThat(health.check().body()).contains("has not started");
    status.loopStarted();
    status.polled(HEARTBEAT_FRESH);
    clock.advance(Duration.ofSeconds(29));
    assertThat(health.check().healthy()).isTrue();
    assertThat(health.check().body()).contains("\"reason\":\"polling media.jobs\"", "\"last_poll_age_seconds\":29.0");

    clock.advance(Duration.ofSeconds(2));
    WorkerHealth.Verdict stuck = health.check();
    assertThat(stuck.healthy()).isFalse();
    assertThat(stuck.body()).contains("last polled 31.0 s ago", "health.max-poll-age 30.0 s");
  }

  @Test
  void aLongEncodeIsHealthyAndNamesItsJob() {
    status.loopStarted();
    status.polled(HEARTBEAT_FRESH);
    status.jobStarted("job-7", "title-7", 2);
    status.progress(42.25);
    clock.advance(Duration.ofMinutes(5)); // no poll recorded meanwhile: the encode is what the worker does
    WorkerHealth.Verdict busy = health.check();
    assertThat(busy.healthy()).isTrue();
    assertThat(busy.body()).contains("\"reason\":\"encoding\"", "\"job_id\":\"job-7\"", "\"title_id\":\"title-7\"",
        "\"attempt\":2", "\"percent\":42.3", "\"running_seconds\":300.0");
  }

  @Test
  void missingHeartbeatsMeanKafkaIsUnreachableEvenWhilePollsReturn() {
    status.loopStarted();
    clock.advance(Duration.ofSeconds(50));
    status.polled(Optional.of(Duration.ofSeconds(48)));
    WorkerHealth.Verdict lost = health.check();
    assertThat(lost.healthy()).isFalse();
    assertThat(lost.body()).contains("no heartbeat to the media.jobs group coordinator for 48.0 s",
        "worker.session-timeout 45.0 s", "Kafka unreachable");

    status.polled(Optional.of(WorkerStatus.NEVER)); // no heartbeat yet (the client reports NaN)
    assertThat(health.check().body()).contains("since the loop started 50.0 s ago");
  }

  @Test
  void aStoppedLoopIsUnhealthyWithItsCause() {
    status.loopStarted();
    status.polled(HEARTBEAT_FRESH);
    status.loopStopped("KafkaException: Failed to construct kafka consumer");
    WorkerHealth.Verdict stopped = health.check();
    assertThat(stopped.healthy()).isFalse();
    assertThat(stopped.body()).contains("the consumer loop stopped: KafkaException: Failed to construct kafka consumer");
  }

  @Test
  void theEndpointServesTheVerdictAndTheCountersOverHttp() throws Exception {
    status.loopStarted();
    status.polled(HEARTBEAT_FRESH);
    status.jobStarted("job-1", "title-1", 1);
    clock.advance(Duration.ofSeconds(12));
    status.jobEnded();
    status.published();
    status.jobStarted("job-2", "title-2", 1);
    clock.advance(Duration.ofSeconds(3));
    status.jobEnded();
    status.failedAndQueuedAgain();
    status.jobStarted("job-2", "title-2", 2);
    status.progress(12.5);
    status.jobEnded();
    status.deadLettered();
    status.jobStarted("job-3", "title-3", 1);
    status.progress(64);
    status.polled(HEARTBEAT_FRESH);
    clock.advance(Duration.ofSeconds(2));

    try (HealthEndpoint endpoint = health.serve(new WorkerHealthConfig("127.0.0.1", 0, MAX_POLL_AGE))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + endpoint.port();
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/healthcheck")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"job_id\":\"job-3\"");

      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("media_worker_up 1\n", "media_worker_jobs_started_total 4\n",
          "media_worker_jobs_done_total 1\n", "media_worker_jobs_failed_total 1\n",
          "media_worker_jobs_dead_lettered_total 1\n", "media_worker_current_job_percent 64.0\n",
          "media_worker_encode_seconds_total 15.0\n", "media_worker_last_poll_age_seconds 2.0\n",
          "# TYPE media_worker_jobs_done_total counter\n");

      status.loopStopped("closed (the worker is shutting down)");
      HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(base + "/healthcheck")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("shutting down");
    }
  }
}
