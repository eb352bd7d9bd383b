package io.ottplatform.guard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.schemas.guard.ActiveStreamsAnswer;
import io.ottplatform.schemas.guard.GuardApi;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.LongSupplier;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's query API (JDK HTTP server), declared in schemas' {@link GuardApi}: {@code GET
 * /accounts/{id}/streams} answers an {@link ActiveStreamsAnswer}
 * ({@code {"account_id":..,"active_streams":n,"limit":l,"may_start_another":bool,"session_ids":[..]}}).
 * An account owned by another instance is redirected there (307); while the stores are rebalancing
 * the answer is 503 with Retry-After, never a guess.
 *
 * <p>Every request but {@code GET /health} must carry {@code Authorization: Bearer <api-token>} (401
 * otherwise): the answers name any account's sessions. The server listens on {@code bind-host}, loopback
 * unless configured otherwise.
 */
public final class GuardHttpServer implements AutoCloseable {

  /** Unauthenticated readiness (the launcher's and an orchestrator's probe). */
  public static final String HEALTH_PATH = "/health";

  private static final Logger LOG = LoggerFactory.getLogger(GuardHttpServer.class);

  private final HttpServer server;
  private volatile KafkaStreams streams;
  private final GuardConfig config;
  private final LongSupplier clock;
  private volatile HostInfo self;
  private final byte[] expectedAuthorization;

  /**
   * Binds the port now (so it can be advertised as {@code application.server}) and answers at once: 503 with
   * Retry-After until {@link #start} hands over the streams. A port that is bound but not served would accept
   * connections nobody answers, and a client (serving-api, a test on a loaded machine) would wait out its timeout.
   */
  public GuardHttpServer(GuardConfig config, LongSupplier clock) throws IOException {
    this.config = config;
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(config.bindHost(), config.httpPort()), 0);
    this.expectedAuthorization = ("Bearer " + config.apiToken()).getBytes(StandardCharsets.UTF_8);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts answering from {@code streams}' stores. */
  public int start(KafkaStreams streams) {
    self = new HostInfo(config.advertisedHost(), port());
    this.streams = streams;
    return port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Every request gets an answer, JSON, and no exception text: a handler that throws (Kafka Streams refuses key
   * lookups with an IllegalStateException once it is in ERROR) would leave the JDK server to close the connection
   * unanswered, and a caller (serving-api) would take that for a network failure.
   */
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      answer(exchange);
    } catch (IOException e) {
      LOG.debug("could not answer {} (the client has gone?): {}", exchange.getRequestURI().getRawPath(), e.toString());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
      if (exchange.getResponseCode() == -1) {
        respond(exchange, 500, "{\"error\":\"internal error; the guard's log has the detail\"}");
      }
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    if (streams == null) {
      exchange.getResponseHeaders().add("Retry-After", "1");
      respond(exchange, 503, "{\"error\":\"starting: the state stores are not open yet\"}");
      return;
    }
    if (HEALTH_PATH.equals(exchange.getRequestURI().getRawPath()) && "GET".equals(exchange.getRequestMethod())) {
      health(exchange);
      return;
    }
    if (!authorized(exchange)) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"concurrency-guard\"");
      respond(exchange, 401, "{\"error\":\"missing or wrong bearer token (api-token, OTT_GUARD_TOKEN)\"}");
      return;
    }
    // the JDK server has already refused a request line java.net.URI cannot parse (a malformed escape)
    Optional<String> asked = GuardApi.accountOf(exchange.getRequestURI().getRawPath());
    if (asked.isEmpty()) {
      respond(exchange, 404, "{\"error\":\"not found: GET " + GuardApi.STREAMS_PATH + "\"}");
      return;
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().add("Allow", "GET");
      respond(exchange, 405, "{\"error\":\"only GET: the guard's API is read-only\"}");
      return;
    }
    String account = asked.get();
    String problem = accountIdProblem(account);
    if (problem != null) {
      respond(exchange, 400, "{\"error\":\"" + problem + "\"}");
      return;
    }
    try {
      KeyQueryMetadata owner = streams.queryMetadataForKey(
          ConcurrencyGuard.ACTIVE_SESSIONS_STORE, account, Serdes.String().serializer());
      if (owner != null && owner.activeHost() != null && !owner.activeHost().equals(HostInfo.unavailable())
          && self != null && !owner.activeHost().equals(self)) {
        exchange.getResponseHeaders().add("Location", "http://" + owner.activeHost().host() + ":"
            + owner.activeHost().port() + exchange.getRequestURI().getRawPath());
        respond(exchange, 307, "{\"redirect\":true}");
        return;
      }
      ReadOnlyKeyValueStore<String, ActiveSessions> sessions = streams.store(StoreQueryParameters.fromNameAndType(
          ConcurrencyGuard.ACTIVE_SESSIONS_STORE, QueryableStoreTypes.<String, ActiveSessions>keyValueStore()));
      ReadOnlyKeyValueStore<String, AccountPlan> plans = streams.store(StoreQueryParameters.fromNameAndType(
          ConcurrencyGuard.ACCOUNT_PLANS_STORE, QueryableStoreTypes.<String, AccountPlan>keyValueStore()));
      respond(exchange, 200, json(ConcurrencyGuard.query(sessions, plans, config, account, clock.getAsLong())));
    } catch (InvalidStateStoreException e) {
      // Kafka Streams' text (store and thread names, states) is for the log
      LOG.debug("503 for an account query: {}", e.toString());
      exchange.getResponseHeaders().add("Retry-After", "1");
      respond(exchange, 503, "{\"error\":\"the state stores are not ready (rebalancing); retry after Retry-After\"}");
    }
  }

  /**
   * Null when {@code id} may be an account id: the playback token's rules for ids (at most 128 characters, no
   * control characters), so a path can neither make the guard hash megabytes nor put control characters in a log.
   */
  static String accountIdProblem(String id) {
    if (id.length() > PlaybackTokenClaims.MAX_ID_LENGTH) {
      return "the account id is longer than " + PlaybackTokenClaims.MAX_ID_LENGTH + " characters (" + id.length() + ")";
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        return String.format("the account id holds the control character U+%04X at position %d", (int) id.charAt(i), i);
      }
    }
    return null;
  }

  /** Constant-time: the comparison's duration says nothing about how much of a guess was right. */
  private boolean authorized(HttpExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  /** Readiness without authentication and without any account's data: 200 once the stores answer, else 503. */
  private void health(HttpExchange exchange) throws IOException {
    try {
      // both stores a streams query reads
      streams.store(StoreQueryParameters.fromNameAndType(ConcurrencyGuard.ACTIVE_SESSIONS_STORE,
          QueryableStoreTypes.<String, ActiveSessions>keyValueStore()));
      streams.store(StoreQueryParameters.fromNameAndType(ConcurrencyGuard.ACCOUNT_PLANS_STORE,
          QueryableStoreTypes.<String, AccountPlan>keyValueStore()));
      respond(exchange, 200, "{\"healthy\":true}");
    } catch (InvalidStateStoreException e) {
      exchange.getResponseHeaders().add("Retry-After", "1");
      respond(exchange, 503, "{\"healthy\":false,\"state\":\"" + streams.state() + "\"}");
    }
  }

  /** The answer in the contract's one encoding ({@link ActiveStreamsAnswer}), which serving-api decodes. */
  static String json(ConcurrencyGuard.ActiveStreams a) {
    return ActiveStreamsAnswer.of(a.accountId(), a.sessionIds(), a.limit()).toJson();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
