package io.ottplatform.guard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ottplatform.schemas.avro.AccountPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The guard's query API (JDK HTTP server): {@code GET /accounts/{id}/streams} answers
 * {@code {"account_id":..,"active_streams":n,"limit":l,"may_start_another":bool,"session_ids":[..]}}.
 * An account owned by another instance is redirected there (307); while the stores are rebalancing
 * the answer is 503 with Retry-After, never a guess.
 */
public final class GuardHttpServer implements AutoCloseable {

  private static final Pattern STREAMS_PATH = Pattern.compile("^/accounts/([^/]+)/streams/?$");

  private final HttpServer server;
  private KafkaStreams streams;
  private final GuardConfig config;
  private final LongSupplier clock;
  private HostInfo self;

  /** Binds the port now (so it can be advertised as {@code application.server}); serves after {@link #start}. */
  public GuardHttpServer(GuardConfig config, LongSupplier clock) throws IOException {
    this.config = config;
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(config.httpPort()), 0);
    server.createContext("/", this::handle);
  }

  /** Starts answering from {@code streams}' stores. */
  public int start(KafkaStreams streams) {
    this.streams = streams;
    server.start();
    self = new HostInfo(config.advertisedHost(), port());
    return port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher m = STREAMS_PATH.matcher(exchange.getRequestURI().getPath());
      if (!"GET".equals(exchange.getRequestMethod()) || !m.matches()) {
        respond(exchange, 404, "{\"error\":\"not found: GET /accounts/{id}/streams\"}");
        return;
      }
      String account = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      try {
        KeyQueryMetadata owner = streams.queryMetadataForKey(
            ConcurrencyGuard.ACTIVE_SESSIONS_STORE, account, Serdes.String().serializer());
        if (owner != null && owner.activeHost() != null && !owner.activeHost().equals(HostInfo.unavailable())
            && self != null && !owner.activeHost().equals(self)) {
          exchange.getResponseHeaders().add("Location", "http://" + owner.activeHost().host() + ":"
              + owner.activeHost().port() + exchange.getRequestURI().getPath());
          respond(exchange, 307, "{\"redirect\":true}");
          return;
        }
        ReadOnlyKeyValueStore<String, ActiveSessions> sessions = streams.store(StoreQueryParameters.fromNameAndType(
            ConcurrencyGuard.ACTIVE_SESSIONS_STORE, QueryableStoreTypes.<String, ActiveSessions>keyValueStore()));
        ReadOnlyKeyValueStore<String, AccountPlan> plans = streams.store(StoreQueryParameters.fromNameAndType(
            ConcurrencyGuard.ACCOUNT_PLANS_STORE, QueryableStoreTypes.<String, AccountPlan>keyValueStore()));
        respond(exchange, 200, json(ConcurrencyGuard.query(sessions, plans, config, account, clock.getAsLong())));
      } catch (InvalidStateStoreException e) {
        exchange.getResponseHeaders().add("Retry-After", "1");
        respond(exchange, 503, "{\"error\":\"state stores not ready: " + escape(e.getMessage()) + "\"}");
      }
    }
  }

  static String json(ConcurrencyGuard.ActiveStreams a) {
    return "{\"account_id\":\"" + escape(a.accountId()) + "\",\"active_streams\":" + a.count()
        + ",\"limit\":" + a.limit() + ",\"may_start_another\":" + a.mayStartAnother()
        + ",\"session_ids\":[" + a.sessionIds().stream().map(id -> "\"" + escape(id) + "\"")
        .collect(Collectors.joining(",")) + "]}";
  }

  private static String escape(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"");
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
