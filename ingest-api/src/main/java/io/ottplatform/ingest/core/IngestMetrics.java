package io.ottplatform.ingest.core;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

/**
 * The counters of what ingest accepted and refused. Names carry the reason as their last part; the
 * Prometheus export turns it into a {@code reason} label (see {@code health.PrometheusServlet}).
 */
public final class IngestMetrics {

  public static final String ACCEPTED = "ingest.events.accepted";
  public static final String EVENTS_REJECTED = "ingest.events.rejected.";
  public static final String REQUESTS_REJECTED = "ingest.requests.rejected.";
  public static final String TOKENS_REJECTED = "ingest.tokens.rejected.";

  private final MetricRegistry registry;
  private final Meter accepted;

  public IngestMetrics(MetricRegistry registry) {
    this.registry = registry;
    this.accepted = registry.meter(ACCEPTED);
  }

  public void accepted(int events) {
    accepted.mark(events);
  }

  /** Events refused one by one, by the field at fault. */
  public void eventRejected(String field) {
    registry.meter(EVENTS_REJECTED + (field == null || field.isEmpty() ? "event" : field.replace('.', '_'))).mark();
  }

  /** A whole request refused; {@code events} of it (when known) are counted as refused too. */
  public void requestRejected(String reason, int events) {
    registry.meter(REQUESTS_REJECTED + reason).mark();
    if (events > 0) {
      registry.meter(EVENTS_REJECTED + reason).mark(events);
    }
  }

  public void tokenRejected(String reason) {
    registry.meter(TOKENS_REJECTED + reason).mark();
  }
}
