package io.ottplatform.media.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.health.HealthEndpoint;
import io.ottplatform.health.HealthEndpoint.Response;
import io.ottplatform.health.PrometheusText;
import io.ottplatform.media.worker.WorkerStatus.CurrentJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The worker's health verdict and metrics from its {@link WorkerStatus}. Healthy while the consumer loop runs and
 * either polled within {@code maxPollAge} or is encoding a job (an encode can take minutes; the body names it), and
 * the consumer's heartbeats to the group coordinator are younger than the session timeout (a poll returns on time
 * when Kafka is unreachable, a heartbeat does not, and past the session timeout the group has dropped this worker).
 */
public final class WorkerHealth {

  /** The answer of {@code /healthcheck}: 200 or 503 and a JSON body saying why. */
  public record Verdict(boolean healthy, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerStatus status;
  private final Duration maxPollAge;
  private final Duration sessionTimeout;

  public WorkerHealth(WorkerStatus status, Duration maxPollAge, Duration sessionTimeout) {
    this.status = status;
    this.maxPollAge = maxPollAge;
    this.sessionTimeout = sessionTimeout;
  }

  public Verdict check() {
    Instant now = status.now();
    Optional<CurrentJob> job = status.currentJob();
    Optional<Duration> pollAge = status.lastPollAt().map(at -> Duration.between(at, now));
    String problem = problem(now, job, pollAge);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("healthy", problem == null);
    body.put("reason", problem == null ? (job.isPresent() ? "encoding" : "polling media.jobs") : problem);
    body.put("last_poll_age_seconds", pollAge.map(WorkerHealth::seconds).orElse(null));
    body.put("heartbeat_age_seconds", status.heartbeatAge().filter(a -> a.compareTo(WorkerStatus.NEVER) < 0)
        .map(WorkerHealth::seconds).orElse(null)); // null: none yet, or the client reports none
    body.put("job", job.map(j -> Map.of("job_id", j.jobId(), "title_id", j.titleId(), "attempt", j.attempt(),
        "percent", Math.round(j.percent() * 10) / 10.0,
        "running_seconds", seconds(Duration.between(j.startedAt(), now)))).orElse(null));
    try {
      return new Verdict(problem == null, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Why the worker is unhealthy, or null. */
  private String problem(Instant now, Optional<CurrentJob> job, Optional<Duration> pollAge) {
    if (status.stoppedBecause().isPresent()) {
      return "the consumer loop stopped: " + status.stoppedBecause().get();
    }
    if (status.loopStartedAt().isEmpty()) {
      return "the consumer loop has not started";
    }
    Duration running = Duration.between(status.loopStartedAt().get(), now);
    Optional<Duration> heartbeat = status.heartbeatAge();
    if (heartbeat.isPresent() && heartbeat.get().compareTo(sessionTimeout) > 0 && running.compareTo(sessionTimeout) > 0) {
      return heartbeat.get().compareTo(running) > 0
          ? "no heartbeat to the media.jobs group coordinator since the loop started " + format(running)
              + " ago (Kafka unreachable?)"
          : "no heartbeat to the media.jobs group coordinator for " + format(heartbeat.get()) + " (worker.session-timeout "
              + format(sessionTimeout) + "): Kafka unreachable, the group has dropped this worker";
    }
    if (job.isPresent()) {
      return null;
    }
    Duration sincePoll = pollAge.orElse(running);
    if (sincePoll.compareTo(maxPollAge) > 0) {
      return (pollAge.isPresent() ? "the consumer loop last polled " + format(sincePoll) + " ago"
          : "the consumer loop has not polled since it started " + format(sincePoll) + " ago")
          + " (health.max-poll-age " + format(maxPollAge) + "): it is stuck";
    }
    return null;
  }

  public String prometheus() {
    Instant now = status.now();
    return new PrometheusText()
        .gauge("media_worker_up", "1 while /healthcheck answers 200", check().healthy() ? 1 : 0)
        .counter("media_worker_jobs_started_total", "jobs taken from media.jobs (each attempt)", status.jobsStarted())
        .counter("media_worker_jobs_done_total", "jobs published (or found already published)", status.jobsDone())
        .counter("media_worker_jobs_failed_total", "attempts that failed and were queued again", status.jobsFailed())
        .counter("media_worker_jobs_dead_lettered_total", "jobs sent to media.jobs.dead-letter",
            status.jobsDeadLettered())
        .gauge("media_worker_current_job_percent", "the running job's progress (absent while idle)",
            status.currentJob().map(CurrentJob::percent).orElse(null))
        .counter("media_worker_encode_seconds_total", "wall time of finished encodes", status.encodeSecondsTotal())
        .gauge("media_worker_last_poll_age_seconds", "seconds since the consumer loop last polled (absent before)",
            status.lastPollAt().map(at -> seconds(Duration.between(at, now))).orElse(null))
        .toString();
  }

  /** Serves {@code /healthcheck} and {@code /metrics} on the configured address. */
  public HealthEndpoint serve(WorkerHealthConfig config) throws IOException {
    Map<String, Supplier<Response>> routes = new LinkedHashMap<>();
    routes.put("/healthcheck", () -> {
      Verdict v = check();
      return Response.json(v.healthy(), v.body());
    });
    routes.put("/metrics", () -> Response.prometheus(prometheus()));
    return HealthEndpoint.start(config.bindHost(), config.port(), "health.bind-host / health.port", "media-worker-health",
        routes);
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }

  private static String format(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
