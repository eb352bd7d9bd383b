package io.ottplatform.ingest.health;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;
import io.prometheus.client.exporter.common.TextFormat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The Dropwizard metrics in Prometheus text format, on the admin port. The reason at the end of the
 * rejection meters becomes a {@code reason} label, so one query sums or splits them.
 */
public final class PrometheusServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient CollectorRegistry registry = new CollectorRegistry();

  public PrometheusServlet(MetricRegistry metrics) {
    List<MapperConfig> mappings = List.of(
        new MapperConfig("ingest.events.rejected.*", "ingest_events_rejected", Map.of("reason", "${0}")),
        new MapperConfig("ingest.requests.rejected.*", "ingest_requests_rejected", Map.of("reason", "${0}")),
        new MapperConfig("ingest.tokens.rejected.*", "ingest_tokens_rejected", Map.of("reason", "${0}")));
    registry.register(new DropwizardExports(metrics, new CustomMappingSampleBuilder(mappings)));
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(200);
    resp.setContentType(TextFormat.CONTENT_TYPE_004);
    try (Writer writer = resp.getWriter()) {
      TextFormat.write004(writer, registry.metricFamilySamples());
    }
  }
}
