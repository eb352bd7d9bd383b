package io.ottplatform.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import io.ottplatform.ingest.api.EventRejection;
import io.ottplatform.ingest.api.IngestResponse;
import io.ottplatform.ingest.auth.PlaybackTokenVerifier;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.ingest.auth.TokenRejection;
import io.ottplatform.ingest.core.BatchReader;
import io.ottplatform.ingest.core.EventAssembler;
import io.ottplatform.ingest.core.EventValidator;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.core.IngestRefusal;
import io.ottplatform.ingest.core.RateLimiter;
import io.ottplatform.ingest.core.RequestContext;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.core.ValidEvent;
import io.ottplatform.ingest.kafka.EventPublisher;
import io.ottplatform.ingest.kafka.KafkaUnavailable;
import io.ottplatform.schemas.avro.PlaybackEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/events}: a batch of player events, and its CORS preflight. The request thread reads,
 * checks and hands the batch to the producer, then returns; the answer is written from the responder
 * pool when Kafka has acknowledged (200), failed or not answered in time (503 with Retry-After), through
 * the servlet's {@link AsyncContext}, so no thread waits per pending send.
 *
 * <p>A plain servlet rather than a JAX-RS resource: at thousands of small requests per second Jersey's
 * dispatch (request scope, injection, filter chains, entity providers) was about two fifths of the
 * service's CPU for single-event requests; this path has one endpoint and writes ready JSON bytes.
 */
public final class EventsServlet extends HttpServlet {

  /** Where the servlet is mapped. */
  public static final String PATH = "/v1/events";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPLICATION_JSON = "application/json";

  private final transient BatchReader reader;
  private final transient PlaybackTokenVerifier tokens;
  private final transient EventValidator validator;
  private final transient RequestEnricher enricher;
  private final transient RateLimiter perIp;
  private final transient RateLimiter perSession;
  private final transient EventPublisher publisher;
  private final transient IngestMetrics metrics;
  private final transient Cors cors;
  private final transient Acknowledgements acks;
  private final transient Clock clock;

  public EventsServlet(BatchReader reader, PlaybackTokenVerifier tokens, EventValidator validator,
                       RequestEnricher enricher, RateLimiter perIp, RateLimiter perSession, EventPublisher publisher,
                       IngestMetrics metrics, Cors cors, Duration ackTimeout, Executor responder, Clock clock) {
    this.reader = reader;
    this.tokens = tokens;
    this.validator = validator;
    this.enricher = enricher;
    this.perIp = perIp;
    this.perSession = perSession;
    this.publisher = publisher;
    this.metrics = metrics;
    this.cors = cors;
    this.acks = new Acknowledgements(publisher, metrics, ackTimeout, responder);
    this.clock = clock;
  }

  /** Any other method gets a JSON 405 naming the allowed ones, not the servlet container's HTML page. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws jakarta.servlet.ServletException, IOException {
    String method = request.getMethod();
    if ("POST".equals(method) || "OPTIONS".equals(method)) {
      super.service(request, response);
      return;
    }
    response.setHeader("Allow", "POST, OPTIONS");
    write(response, 405, JSON.writeValueAsBytes(new ErrorMessage(405,
        "method " + method + " is not allowed on " + PATH + "; post a batch of events")));
  }

  @Override
  protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
    if (request.getHeader("Access-Control-Request-Method") != null) {
      cors.preflight(request, response);
    } else {
      response.setStatus(204);
      response.setHeader("Allow", "POST, OPTIONS");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Instant now = clock.instant();
    cors.label(request, response);
    int events = 0;
    try {
      RequestEnricher.Client client = enricher.client(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
      long ipWait = perIp.tryAcquire(client.rateKey());
      if (ipWait > 0) {
        throw new IngestRefusal(429, "rate_limited_ip",
            "too many requests from this address; retry after " + seconds(ipWait) + " s", seconds(ipWait));
      }
      BatchReader.Batch batch = reader.read(request.getContentType(), request.getHeader("Content-Encoding"),
          request.getHeader("Content-Length"), request.getInputStream());
      events = batch.events().size();
      PlaybackTokenClaims token = tokens.verify(bearer(request.getHeader("Authorization"), batch.bodyToken()));
      checkSession(batch, token);
      long sessionWait = perSession.tryAcquire(token.sessionId());
      if (sessionWait > 0) {
        throw new IngestRefusal(429, "rate_limited_session",
            "too many requests for this session; retry after " + seconds(sessionWait) + " s", seconds(sessionWait));
      }
      EventValidator.Result result = validator.validate(batch.events(), now);
      for (EventRejection r : result.rejected()) {
        metrics.eventRejected(r.field());
      }
      if (result.valid().isEmpty()) {
        metrics.requestRejected("all_events_invalid", 0);
        write(response, 400, JSON.writeValueAsBytes(new IngestResponse(0, result.rejected())));
        return;
      }
      RequestContext context = enricher.context(now, client, request.getHeader(enricher.countryHeader()),
          request.getHeader("User-Agent"));
      List<PlaybackEvent> records = new ArrayList<>(result.valid().size());
      for (ValidEvent e : result.valid()) {
        records.add(EventAssembler.assemble(e, token, context));
      }
      CompletableFuture<Void> acked = publisher.publish(records);
      // the callback below is attached after startAsync, so it can never complete a request not yet async
      AsyncContext async = request.startAsync();
      async.setTimeout(0); // the acknowledgement's own timeout (orTimeout) always ends the request
      List<EventRejection> rejected = result.rejected();
      acks.answer(async, acked, records.size(), () -> acceptedBody(records.size(), rejected));
    } catch (IngestRefusal r) {
      metrics.requestRejected(r.reason(), events);
      refuse(request, response, r.status(), r.getMessage(), r.retryAfterSeconds());
    } catch (TokenRejection t) {
      metrics.tokenRejected(t.reason().label);
      metrics.requestRejected("token_" + t.reason().label, events);
      if (t.status() == 401) {
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      }
      refuse(request, response, t.status(), t.getMessage(), 0);
    } catch (KafkaUnavailable k) {
      metrics.requestRejected("kafka_unavailable", events);
      refuse(request, response, 503, k.getMessage() + "; retry the same events", 1);
    }
  }

  private static void checkSession(BatchReader.Batch batch, PlaybackTokenClaims token) throws TokenRejection {
    for (int i = 0; i < batch.events().size(); i++) {
      String sid = batch.events().get(i).sessionIdText();
      if (sid != null && !token.sessionId().equals(sid)) {
        throw new TokenRejection(TokenRejection.Reason.OTHER_SESSION, "event " + i + " is for session " + sid
            + " but the playback token is for session " + token.sessionId());
      }
    }
  }

  private static String bearer(String authorization, String bodyToken) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return bodyToken;
  }

  /** The 200 answer; the common case, every event accepted, is a ready string rather than a serialization. */
  private static byte[] acceptedBody(int accepted, List<EventRejection> rejected) throws JsonProcessingException {
    if (rejected.isEmpty()) {
      return ("{\"accepted\":" + accepted + ",\"rejected\":[]}").getBytes(StandardCharsets.US_ASCII);
    }
    return JSON.writeValueAsBytes(new IngestResponse(accepted, rejected));
  }

  /**
   * {@code {"code": status, "message": ...}}, the shape of Dropwizard's error answers. A request refused
   * before its body was read to the end (rate limit, size, media type) is answered with {@code Connection:
   * close}: the unread rest would otherwise be taken for the next request on a kept-alive connection, or
   * the server would drop the connection unannounced and a client's next request on it would fail.
   */
  static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message,
                             long retryAfter) throws IOException {
    jakarta.servlet.ServletInputStream body = request.getInputStream();
    if (!body.isFinished() && body.read() != -1) { // read() ends at once after a fully read Content-Length
      response.setHeader("Connection", "close");
    }
    refuse(response, status, message, retryAfter);
  }

  static void refuse(HttpServletResponse response, int status, String message, long retryAfter)
      throws IOException {
    if (retryAfter > 0) {
      response.setHeader("Retry-After", Long.toString(retryAfter));
    }
    write(response, status, JSON.writeValueAsBytes(new ErrorMessage(status, message)));
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
