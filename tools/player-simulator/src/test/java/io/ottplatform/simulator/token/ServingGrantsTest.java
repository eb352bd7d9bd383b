package io.ottplatform.simulator.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ottplatform.simulator.FleetIdentities;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app's side of serving-api's login and grant, against answers shaped like serving-api's
 * ({@code TokenResponse}, {@code PlaybackGrant}, its 429 {@code stream_limit_reached}). The real
 * serving-api and ingest-api are played against by {@code ./ott demo}.
 */
class ServingGrantsTest {

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger grantsUntilLimit = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicInteger expireAccessTokens = new AtomicInteger();

  private static final FleetIdentities IDS = FleetIdentities.parse("""
      {"accounts": [{"accountId": "acc-A", "profileIds": ["prof-A"], "email": "v1@example.com",
                     "password": "correct \\"horse\\"", "deviceId": "tv-1"}],
       "titleIds": ["tt-1"]}""");

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/auth/login", ex -> {
      requests.add("login " + body(ex));
      answer(ex, 200, "{\"accessToken\":\"at-1\",\"tokenType\":\"Bearer\",\"expiresIn\":600,\"refreshToken\":\"rt\","
          + "\"accountId\":\"acc-A\",\"deviceId\":\"tv-1\"}");
    });
    server.createContext("/v1/playback", ex -> {
      requests.add("grant " + ex.getRequestHeaders().getFirst("Authorization") + " "
          + ex.getRequestHeaders().getFirst("CloudFront-Viewer-Country") + " " + body(ex));
      if (expireAccessTokens.getAndDecrement() > 0) {
        answer(ex, 401, "{\"code\":401,\"message\":\"expired\"}");
      } else if (grantsUntilLimit.getAndDecrement() <= 0) {
        answer(ex, 429, "{\"error\":\"stream_limit_reached\",\"message\":\"2 of 2 screens in use\"}");
      } else {
        answer(ex, 200, "{\"sessionId\":\"5b0c0000-0000-4000-8000-000000000001\",\"titleId\":\"tt-1\","
            + "\"profileId\":\"prof-A\",\"hlsUrl\":\"http://x/master.m3u8\",\"playbackToken\":\"eyJ.a.b\","
            + "\"playbackTokenExpiresAt\":\"2026-12-04T18:00:00Z\",\"resumePositionMs\":0}");
      }
    });
    server.createContext("/v1/playback/sessions/", ex -> {
      requests.add("end " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
          + ex.getRequestHeaders().getFirst("Authorization"));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String body(HttpExchange ex) throws IOException {
    return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void answer(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private ServingGrants grants() {
    return new ServingGrants(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), IDS,
        "CloudFront-Viewer-Country");
  }

  private static SimulatedView view() {
    return new FleetSimulator(SimulatorConfig.defaults(4, 1), IDS).view(0);
  }

  @Test
  void logsInOnceAndAsksForEachViewLikeAnApp() {
    ServingGrants grants = grants();
    SimulatedView v = view();
    TokenSource.Grant first = grants.grant(v);
    TokenSource.Grant second = grants.grant(v);

    assertThat(first.isGranted()).isTrue();
    assertThat(first.sessionId()).isEqualTo("5b0c0000-0000-4000-8000-000000000001");
    assertThat(first.token()).isEqualTo("eyJ.a.b");
    assertThat(second.isGranted()).isTrue();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0)).isEqualTo(
        "login {\"email\":\"v1@example.com\",\"password\":\"correct \\\"horse\\\"\",\"deviceId\":\"tv-1\"}");
    assertThat(requests.get(1)).isEqualTo("grant Bearer at-1 " + v.events().get(0).getCountry()
        + " {\"profileId\":\"prof-A\",\"titleId\":\"tt-1\"}");
  }

  @Test
  void anEndedViewEndsItsPlaybackSessionWithTheAccountsLogin() {
    ServingGrants grants = grants();
    TokenSource.Grant granted = grants.grant(view());

    grants.ended("acc-A", granted.sessionId());
    grants.ended("acc-never-logged-in", "5b0c0000-0000-4000-8000-000000000002"); // no login: nothing to end with

    assertThat(requests.stream().filter(r -> r.startsWith("end"))).containsExactly(
        "end DELETE /v1/playback/sessions/5b0c0000-0000-4000-8000-000000000001 Bearer at-1");
  }

  @Test
  void aFullAccountIsLaterAndAnExpiredAccessTokenLogsInAgain() {
    ServingGrants grants = grants();
    grantsUntilLimit.set(0);
    TokenSource.Grant full = grants.grant(view());
    assertThat(full.isGranted()).isFalse();
    assertThat(full.later()).isTrue();
    assertThat(full.refusal()).contains("429", "stream_limit_reached");

    grantsUntilLimit.set(Integer.MAX_VALUE);
    expireAccessTokens.set(1);
    assertThat(grants.grant(view()).isGranted()).isTrue();
    assertThat(requests.stream().filter(r -> r.startsWith("login"))).hasSize(2);
  }

  @Test
  void refusesToStartWithoutLogins() {
    FleetIdentities noLogins = FleetIdentities.parse(
        "{\"accounts\": [{\"accountId\": \"acc-B\", \"profileIds\": [\"p\"]}], \"titleIds\": [\"t\"]}");
    assertThatThrownBy(() -> new ServingGrants(URI.create("http://127.0.0.1:1"), noLogins, "h"))
        .hasMessageContaining("email and password").hasMessageContaining("acc-B");
    assertThat(new ServingGrants(URI.create("http://127.0.0.1:1"), IDS, "h").grant(view()).later())
        .as("serving-api not answering: try later").isTrue();
  }
}
