package io.ottplatform.stream.health;

import io.ottplatform.health.HealthEndpoint;
import io.ottplatform.health.HealthEndpoint.Response;
import io.ottplatform.health.PrometheusText;
import io.ottplatform.stream.health.JobMetricsReporter.Snapshot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The job process's HTTP endpoint (libs/health), as the services have one: {@code GET /healthcheck} answers 200 or
 * 503 with {@link JobHealth}'s JSON, {@code GET /metrics} the Prometheus text format (records in and out per
 * operator, late events, checkpoints, the last checkpoint's age).
 */
public final class HealthServer implements AutoCloseable {

  private final HealthEndpoint endpoint;

  private HealthServer(HealthEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  public static HealthServer start(HealthEndpointConfig config, JobHealth health,
      Supplier<Optional<Snapshot>> metrics) throws IOException {
    Map<String, Supplier<Response>> routes = new LinkedHashMap<>();
    routes.put("/healthcheck", () -> {
      JobHealth.Verdict v = health.check();
      return Response.json(v.healthy(), v.body());
    });
    routes.put("/metrics", () -> Response.prometheus(prometheus(health, metrics.get())));
    return new HealthServer(HealthEndpoint.start(config.bindHost(), config.port(), "health.bind-host / health.port",
        "qoe-job-health", routes));
  }

  public int port() {
    return endpoint.port();
  }

  @Override
  public void close() {
    endpoint.close();
  }

  static String prometheus(JobHealth health, Optional<Snapshot> metrics) {
    PrometheusText out = new PrometheusText()
        .gauge("qoe_job_up", "1 while /healthcheck answers 200", health.check().healthy() ? 1 : 0);
    if (metrics.isEmpty()) {
      return out.toString();
    }
    Snapshot s = metrics.get();
    Map<String, Long> in = new LinkedHashMap<>();
    Map<String, Long> outCounts = new LinkedHashMap<>();
    s.operators().forEach((operator, counts) -> {
      in.put(operator, counts.recordsIn());
      outCounts.put(operator, counts.recordsOut());
    });
    return out
        .gauge("qoe_job_last_checkpoint_age_seconds",
            "seconds since the last completed checkpoint of this run (absent before the first)",
            health.age(s).map(a -> a.toMillis() / 1000.0).orElse(null))
        .counter("qoe_job_checkpoints_completed_total", "completed checkpoints", s.completedCheckpoints())
        .counter("qoe_job_checkpoints_failed_total", "failed checkpoints", s.failedCheckpoints())
        .counter("qoe_job_restarts_total", "restarts after a task failure", s.restarts())
        .counter("qoe_job_late_events_total", "events too late for their minute, sent to the late topic", s.lateEvents())
        .labelled("qoe_job_records_in_total", "counter", "records into each operator (all subtasks)", "operator", in)
        .labelled("qoe_job_records_out_total", "counter", "records out of each operator (all subtasks)", "operator",
            outCounts)
        .toString();
  }

  /** For logs: where the endpoint answers. */
  public String url() {
    return endpoint.url("/healthcheck");
  }
}
