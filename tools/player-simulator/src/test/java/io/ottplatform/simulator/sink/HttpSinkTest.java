package io.ottplatform.simulator.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.simulator.ExpectedQoeWriter;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.simulator.token.TokenSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator as an SDK under an outage, against a stand-in for ingest-api's HTTP answers (only the
 * status codes matter here; the real ingest-api is played against in the demo and ingest's ITs): nothing
 * acknowledged is missing, a refused grant plays later, and the expected QoE names the played sessions.
 */
class HttpSinkTest {

  private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

  private HttpServer server;
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refusalsLeft = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/events", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (refusalsLeft.getAndDecrement() > 0) { // Kafka is down: 503, as ingest answers then
        exchange.getResponseHeaders().add("Retry-After", "0");
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      Matcher m = EVENT_ID.matcher(body);
      int n = 0;
      while (m.find()) {
        received.add(m.group(1));
        n++;
      }
      byte[] answer = ("{\"accepted\":" + n + "}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpSink.Options options(int maxQueuedEvents, double speed) {
    URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new HttpSink.Options(target, 50, Duration.ofSeconds(10), speed, 8, "CloudFront-Viewer-Country", false, 5_000,
        maxQueuedEvents, Duration.ofMinutes(1), Duration.ofMinutes(1),
        new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(40), () -> 0.5), Duration.ofSeconds(5));
  }

  private static List<SimulatedView> fleet() {
    return new FleetSimulator(SimulatorConfig.defaults(21, 30).withStart(Instant.now().minus(Duration.ofHours(12)))
        .withMeanWatch(Duration.ofMinutes(3))).views().toList();
  }

  @Test
  void anOutageLosesNothingTheViewsQueueHeld(@TempDir Path dir) throws Exception {
    List<SimulatedView> views = fleet();
    refusalsLeft.set(60);
    // one grant in three is refused once (a screen in use): that view plays later, under its granted session
    AtomicInteger asks = new AtomicInteger();
    TokenSource tokens = new TokenSource() {
      @Override
      public Grant grant(SimulatedView view) {
        return asks.getAndIncrement() % 3 == 1 ? Grant.later(Duration.ZERO, "HTTP 429: stream_limit_reached")
            : Grant.granted("granted-" + view.sessionId(), "token-" + view.sessionId());
      }

      @Override
      public String describe() {
        return "test grants";
      }
    };
    Path expectedFile = dir.resolve("expected.jsonl");
    HttpSink.Result r;
    try (ExpectedQoeWriter expected = new ExpectedQoeWriter(expectedFile)) {
      r = new HttpSink(options(100_000, 0), tokens, expected, new PrintStream(new ByteArrayOutputStream()))
          .play(views.iterator());
    }

    Set<String> all = views.stream().flatMap(v -> v.events().stream()).map(PlaybackEvent::getEventId)
        .collect(Collectors.toSet());
    assertThat(received).as("every event reached ingest despite 60 refusals").isEqualTo(all);
    assertThat(r.failedRequests()).isZero();
    assertThat(r.retries()).isGreaterThanOrEqualTo(60);
    assertThat(r.eventsAccepted()).isEqualTo(all.size());
    assertThat(r.deferredGrants()).isPositive();
    assertThat(r.views()).isEqualTo(views.size());
    List<String> lines = Files.readAllLines(expectedFile);
    assertThat(lines).hasSize(views.size()).allSatisfy(l -> assertThat(l).startsWith("{\"session_id\":\"granted-"));
  }

  /** Paced (the players keep playing while ingest refuses), 1,000x from 12 h back: a view's queue fills. */
  @Test
  void aFullViewQueueDropsHeartbeatsAndSaysSo() {
    List<SimulatedView> views = fleet();
    refusalsLeft.set(400);
    TokenSource tokens = new TokenSource() {
      @Override
      public Grant grant(SimulatedView view) {
        return Grant.granted(view.sessionId(), "t");
      }

      @Override
      public String describe() {
        return "test";
      }
    };
    HttpSink.Result r = new HttpSink(options(5, 1_000), tokens, null, new PrintStream(new ByteArrayOutputStream()))
        .play(views.iterator());
    long total = views.stream().mapToLong(v -> v.events().size()).sum();
    assertThat(r.droppedEvents()).isPositive();
    assertThat(r.eventsAccepted() + r.droppedEvents()).isEqualTo(total);
    assertThat(r.failedRequests()).isZero();
  }
}
