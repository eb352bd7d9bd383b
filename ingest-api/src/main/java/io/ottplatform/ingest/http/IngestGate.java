package io.ottplatform.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.ingest.api.IngestError;
import io.ottplatform.ingest.auth.PlaybackTokenVerifier;
import io.ottplatform.ingest.auth.TokenRejection;
import io.ottplatform.ingest.core.EventAssembler;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.core.IngestRefusal;
import io.ottplatform.ingest.core.RateLimiter;
import io.ottplatform.ingest.core.RequestContext;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.core.ValidEvent;
import io.ottplatform.ingest.kafka.EventPublisher;
import io.ottplatform.ingest.kafka.KafkaUnavailable;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ingest endpoints ({@code /v1/events}, {@code /v1/cmcd}) do around their own parsing, in the order a
 * request meets it: the CORS labels and the per-address limit ({@link #admit}); the playback token, checked against
 * the session ids the request names, then the per-session and per-account limits ({@link #authorize}); the hand-off
 * to Kafka with the answer written once it acknowledged ({@link #publish}); and one mapping of every refusal to its
 * status, headers and {@link IngestError} body ({@link #refuse}). One place, so the two endpoints cannot drift apart
 * on a security check.
 */
public final class IngestGate {

  /** The limits a request passes, each a token bucket by its own key. */
  public record Limits(RateLimiter perIp, RateLimiter perSession, RateLimiter perAccount) {}

  /** Refuses a request that names a session other than its token's (an event's or a report's session id). */
  @FunctionalInterface
  interface SessionCheck {
    void check(PlaybackTokenClaims token) throws TokenRejection;
  }

  private static final Logger LOG = LoggerFactory.getLogger(IngestGate.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPLICATION_JSON = "application/json";

  private final PlaybackTokenVerifier tokens;
  private final RequestEnricher enricher;
  private final Limits limits;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final Cors cors;
  private final Acknowledgements acks;

  public IngestGate(PlaybackTokenVerifier tokens, RequestEnricher enricher, Limits limits, EventPublisher publisher,
                    IngestMetrics metrics, Cors cors, Duration ackTimeout, Executor responder) {
    this.tokens = tokens;
    this.enricher = enricher;
    this.limits = limits;
    this.publisher = publisher;
    this.metrics = metrics;
    this.cors = cors;
    this.acks = new Acknowledgements(publisher, metrics, ackTimeout, responder);
  }

  /** Labels the answer for CORS and takes a token of the client's address (an IPv6 client's /64). */
  RequestEnricher.Client admit(HttpServletRequest request, HttpServletResponse response) throws IngestRefusal {
    cors.label(request, response);
    RequestEnricher.Client client = enricher.client(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    long wait = limits.perIp().tryAcquire(client.rateKey());
    if (wait > 0) {
      throw new IngestRefusal(429, "rate_limited_ip",
          "too many requests from this address; retry after " + seconds(wait) + " s", seconds(wait));
    }
    return client;
  }

  /**
   * Verifies the token, lets {@code sessions} check the request against it, then takes a token of the session's
   * bucket and one of the account's. Each playback session has its own bucket, and a client can mint sessions, so
   * the account's bucket (every session of the account together) is what bounds one subscriber's rate.
   */
  PlaybackTokenClaims authorize(String token, SessionCheck sessions) throws TokenRejection, IngestRefusal {
    PlaybackTokenClaims claims = tokens.verify(token);
    sessions.check(claims);
    long sessionWait = limits.perSession().tryAcquire(claims.sessionId());
    if (sessionWait > 0) {
      throw new IngestRefusal(429, "rate_limited_session", "too many requests for this session; retry after "
          + seconds(sessionWait) + " s", seconds(sessionWait));
    }
    long accountWait = limits.perAccount().tryAcquire(claims.accountId());
    if (accountWait > 0) {
      throw new IngestRefusal(429, "rate_limited_account", "too many requests for account " + claims.accountId()
          + ": its sessions together may send " + limits.perAccount().describe() + "; retry after "
          + seconds(accountWait) + " s", seconds(accountWait));
    }
    return claims;
  }

  /**
   * Enriches and assembles the valid events, hands them to the producer and returns: the answer, 200 with
   * {@code ok}'s body or 503, is written from the responder pool once Kafka acknowledged or did not in time.
   */
  void publish(HttpServletRequest request, Instant now, RequestEnricher.Client client, PlaybackTokenClaims token,
               List<ValidEvent> valid, Acknowledgements.Body ok) throws KafkaUnavailable {
    RequestContext context = enricher.context(now, client, request.getHeader(enricher.countryHeader()),
        request.getHeader("User-Agent"));
    List<PlaybackEvent> records = new ArrayList<>(valid.size());
    for (ValidEvent e : valid) {
      records.add(EventAssembler.assemble(e, token, context));
    }
    CompletableFuture<Void> acked = publisher.publish(records);
    // the callback is attached after startAsync, so it can never complete a request not yet async
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // the acknowledgement's own timeout (orTimeout) always ends the request
    acks.answer(async, acked, records.size(), ok);
  }

  /** A whole request refused: counted by reason, answered with its status and a body naming the problem. */
  void refuse(HttpServletRequest request, HttpServletResponse response, IngestRefusal r, int events)
      throws IOException {
    metrics.requestRejected(r.reason(), events);
    refuse(request, response, r.status(), r.reason(), r.getMessage(), r.retryAfterSeconds());
  }

  void refuse(HttpServletRequest request, HttpServletResponse response, TokenRejection t, int events)
      throws IOException {
    metrics.tokenRejected(t.reason().label);
    metrics.requestRejected("token_" + t.reason().label, events);
    if (t.status() == 401) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    refuse(request, response, t.status(), "token_" + t.reason().label, t.getMessage(), 0);
  }

  /** Kafka's own text goes to the log; the client gets the generic reason and Retry-After. */
  void refuse(HttpServletRequest request, HttpServletResponse response, KafkaUnavailable k, int events)
      throws IOException {
    metrics.requestRejected("kafka_unavailable", events);
    LOG.debug("503 for {} events: {}", events, k.getMessage());
    // a broker restart takes seconds; one second spreads the retries without leaving events waiting long
    refuse(request, response, 503, KafkaUnavailable.REASON, KafkaUnavailable.CLIENT_MESSAGE, 1);
  }

  /** {@code OPTIONS}: a CORS preflight (204, or 403 naming an origin not listed), else 204 with Allow. */
  void options(HttpServletRequest request, HttpServletResponse response, String methods) throws IOException {
    if (request.getHeader("Access-Control-Request-Method") == null) {
      response.setStatus(204);
      response.setHeader("Allow", methods);
      return;
    }
    if (!cors.preflight(request, response, methods)) {
      String origin = request.getHeader("Origin");
      refuse(response, 403, Cors.ORIGIN_NOT_ALLOWED, origin == null ? "a preflight needs an Origin header"
          : "origin '" + Cors.printable(origin) + "' is not in cors.allowedOrigins", 0);
    }
  }

  /** What a servlet's {@code service} does for the methods it takes; a method reference may throw both. */
  @FunctionalInterface
  interface Service {
    void run() throws ServletException, IOException;
  }

  /**
   * The header as the client sent it. Jetty's {@code getContentType()} parses the charset and throws
   * UnsupportedCharsetException for one it does not know ({@code charset=nonsense}), which became a 500 whose
   * page named the exception; the readers parse the charset themselves and answer 415.
   */
  static String contentType(HttpServletRequest request) {
    return request.getHeader("Content-Type");
  }

  /**
   * The last line behind the endpoints: a runtime failure nobody foresaw is logged with its stack and answered
   * 500 with a generic JSON body, never the container's error page, which names the exception.
   */
  static void answerFailures(HttpServletRequest request, HttpServletResponse response, Service service)
      throws ServletException, IOException {
    try {
      service.run();
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
      if (!response.isCommitted()) {
        response.reset();
        refuse(response, 500, "internal_error", "internal error; the service's log has the detail", 0);
      }
    }
  }

  /** Any other method: a JSON 405 naming the allowed ones, not the servlet container's HTML page. */
  static void methodNotAllowed(HttpServletResponse response, String method, String path, String methods, String hint)
      throws IOException {
    response.setHeader("Allow", methods);
    refuse(response, 405, "method_not_allowed", "method " + Cors.printable(method) + " is not allowed on " + path
        + "; " + hint, 0);
  }

  /**
   * A request refused before its body was read to the end (rate limit, size, media type) is answered with
   * {@code Connection: close}: the unread rest would otherwise be taken for the next request on a kept-alive
   * connection, or the server would drop the connection unannounced and a client's next request on it would fail.
   */
  private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason,
                             String message, long retryAfter) throws IOException {
    ServletInputStream body = request.getInputStream();
    if (!body.isFinished() && body.read() != -1) { // read() ends at once after a fully read Content-Length
      response.setHeader("Connection", "close");
    }
    refuse(response, status, reason, message, retryAfter);
  }

  static void refuse(HttpServletResponse response, int status, String reason, String message, long retryAfter)
      throws IOException {
    if (retryAfter > 0) {
      response.setHeader("Retry-After", Long.toString(retryAfter));
    }
    write(response, status, JSON.writeValueAsBytes(new IngestError(status, reason, message)));
  }

  static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
    response.setStatus(status);
    response.setContentType(APPLICATION_JSON);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
