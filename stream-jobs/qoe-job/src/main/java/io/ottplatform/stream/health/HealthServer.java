package io.ottplatform.stream.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ottplatform.stream.health.JobMetricsReporter.Snapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The job process's HTTP endpoint, as the services have one: {@code GET /healthcheck} answers 200 or 503 with
 * {@link JobHealth}'s JSON, {@code GET /metrics} the Prometheus text format (records in and out per operator,
 * late events, checkpoints, the last checkpoint's age). One daemon thread: it must never keep the JVM up.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  public static HealthServer start(HealthEndpointConfig config, JobHealth health,
      Supplier<Optional<Snapshot>> metrics) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(config.bindHost(), config.port()), 16);
    } catch (IOException e) {
      throw new IOException("health endpoint: cannot listen on " + config.bindHost() + ":" + config.port()
          + " (health.bind-host / health.port): " + e.getMessage(), e);
    }
    server.createContext("/healthcheck", exchange -> {
      if (refuseNonGet(exchange)) {
        return;
      }
      JobHealth.Verdict v = health.check();
      send(exchange, v.healthy() ? 200 : 503, "application/json", v.body());
    });
    server.createContext("/metrics", exchange -> {
      if (refuseNonGet(exchange)) {
        return;
      }
      send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus(health, metrics.get()));
    });
    server.createContext("/", exchange -> send(exchange, 404, "text/plain; charset=utf-8",
        "no such path " + exchange.getRequestURI().getPath() + " (GET /healthcheck or /metrics)\n"));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "qoe-job-health");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new HealthServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static String prometheus(JobHealth health, Optional<Snapshot> metrics) {
    StringBuilder out = new StringBuilder();
    metric(out, "qoe_job_up", "gauge", "1 while /healthcheck answers 200", health.check().healthy() ? "1" : "0");
    if (metrics.isEmpty()) {
      return out.toString();
    }
    Snapshot s = metrics.get();
    metric(out, "qoe_job_last_checkpoint_age_seconds", "gauge",
        "seconds since the last completed checkpoint of this run (absent before the first)",
        health.age(s).map(a -> String.format(Locale.ROOT, "%.1f", a.toMillis() / 1000.0)).orElse(null));
    metric(out, "qoe_job_checkpoints_completed_total", "counter", "completed checkpoints",
        Long.toString(s.completedCheckpoints()));
    metric(out, "qoe_job_checkpoints_failed_total", "counter", "failed checkpoints", Long.toString(s.failedCheckpoints()));
    metric(out, "qoe_job_restarts_total", "counter", "restarts after a task failure", Long.toString(s.restarts()));
    metric(out, "qoe_job_late_events_total", "counter", "events too late for their minute, sent to the late topic",
        Long.toString(s.lateEvents()));
    perOperator(out, s, "qoe_job_records_in_total", "records into each operator (all subtasks)", true);
    perOperator(out, s, "qoe_job_records_out_total", "records out of each operator (all subtasks)", false);
    return out.toString();
  }

  private static void metric(StringBuilder out, String name, String type, String help, String value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    if (value != null) {
      out.append(name).append(' ').append(value).append('\n');
    }
  }

  private static void perOperator(StringBuilder out, Snapshot s, String name, String help, boolean in) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    s.operators().forEach((operator, counts) -> out.append(name).append("{operator=\"")
        .append(operator.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"} ")
        .append(in ? counts.recordsIn() : counts.recordsOut()).append('\n'));
  }

  private static boolean refuseNonGet(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD")) {
      return false;
    }
    exchange.getResponseHeaders().add("Allow", "GET");
    send(exchange, 405, "text/plain; charset=utf-8", "method " + exchange.getRequestMethod() + " not allowed: GET\n");
    return true;
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  /** For logs: where the endpoint answers. */
  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port() + "/healthcheck";
  }
}
