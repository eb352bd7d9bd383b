package io.ottplatform.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.health.HealthEndpoint.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersGetAndHeadRefusesOtherMethodsAndUnknownPaths() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    Map<String, Supplier<Response>> routes = Map.of(
        "/healthcheck", () -> Response.json(healthy.get(), "{\"healthy\":" + healthy.get() + "}"),
        "/metrics", () -> Response.prometheus(new PrometheusText().counter("x_total", "x", 3).toString()));
    try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, "h.host / h.port", "test-health", routes)) {
      assertThat(get(endpoint, "/healthcheck", "GET").statusCode()).isEqualTo(200);
      healthy.set(false);
      HttpResponse<String> sick = get(endpoint, "/healthcheck", "GET");
      assertThat(sick.statusCode()).isEqualTo(503);
      assertThat(sick.body()).isEqualTo("{\"healthy\":false}");
      assertThat(sick.headers().firstValue("Content-Type")).hasValue("application/json");

      HttpResponse<String> head = get(endpoint, "/metrics", "HEAD");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(get(endpoint, "/metrics", "GET").body()).contains("x_total 3\n");

      HttpResponse<String> post = get(endpoint, "/healthcheck", "POST");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.body()).contains("POST");
      HttpResponse<String> unknown = get(endpoint, "/healthcheckz", "GET");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("/healthcheckz", "/healthcheck", "/metrics");
      assertThat(endpoint.url("/healthcheck")).isEqualTo("http://127.0.0.1:" + endpoint.port() + "/healthcheck");
    }
  }

  @Test
  void aTakenPortIsNamedWithItsSettings() throws Exception {
    try (HealthEndpoint first = HealthEndpoint.start("127.0.0.1", 0, "a", "t1", Map.of())) {
      assertThatThrownBy(() -> HealthEndpoint.start("127.0.0.1", first.port(), "media.health.port", "t2", Map.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + first.port())
          .hasMessageContaining("(media.health.port)");
    }
  }

  @Test
  void prometheusTextHasHelpAndTypeAndEscapesLabels() {
    String text = new PrometheusText()
        .gauge("age_seconds", "seconds since", 1.25)
        .gauge("absent_seconds", "none yet", null)
        .labelled("in_total", "counter", "per operator", "operator", Map.of("a\"b", 7L))
        .toString();
    assertThat(text).isEqualTo("""
        # HELP age_seconds seconds since
        # TYPE age_seconds gauge
        age_seconds 1.3
        # HELP absent_seconds none yet
        # TYPE absent_seconds gauge
        # HELP in_total per operator
        # TYPE in_total counter
        in_total{operator="a\\"b"} 7
        """);
  }

  private HttpResponse<String> get(HealthEndpoint endpoint, String path, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
