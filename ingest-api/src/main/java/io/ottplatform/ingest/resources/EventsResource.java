package io.ottplatform.ingest.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.ottplatform.ingest.api.EventRejection;
import io.ottplatform.ingest.api.IngestResponse;
import io.ottplatform.ingest.auth.PlaybackTokenVerifier;
import io.ottplatform.ingest.auth.TokenClaims;
import io.ottplatform.ingest.auth.TokenRejection;
import io.ottplatform.ingest.core.BatchReader;
import io.ottplatform.ingest.core.EventAssembler;
import io.ottplatform.ingest.core.EventValidator;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.core.IngestRefusal;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.core.RequestContext;
import io.ottplatform.ingest.core.RateLimiter;
import io.ottplatform.ingest.core.ValidEvent;
import io.ottplatform.ingest.kafka.EventPublisher;
import io.ottplatform.ingest.kafka.KafkaUnavailable;
import io.ottplatform.schemas.avro.PlaybackEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/events}: a batch of player events. The request thread reads, checks and hands the
 * batch to the producer, then returns; the answer is sent when Kafka has acknowledged (200), failed or
 * not answered in time (503 with Retry-After), without a thread waiting for it.
 */
@Path("/v1/events")
public final class EventsResource {

  private final BatchReader reader;
  private final PlaybackTokenVerifier tokens;
  private final EventValidator validator;
  private final RequestEnricher enricher;
  private final RateLimiter perIp;
  private final RateLimiter perSession;
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final Duration ackTimeout;
  private final Executor responder;
  private final Clock clock;

  public EventsResource(BatchReader reader, PlaybackTokenVerifier tokens, EventValidator validator,
                        RequestEnricher enricher, RateLimiter perIp, RateLimiter perSession,
                        EventPublisher publisher, IngestMetrics metrics, Duration ackTimeout, Executor responder,
                        Clock clock) {
    this.reader = reader;
    this.tokens = tokens;
    this.validator = validator;
    this.enricher = enricher;
    this.perIp = perIp;
    this.perSession = perSession;
    this.publisher = publisher;
    this.metrics = metrics;
    this.ackTimeout = ackTimeout;
    this.responder = responder;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public void post(@Context HttpServletRequest servlet, @Context HttpHeaders headers,
                   @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                   @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
                   @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                   @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                   InputStream body, @Suspended AsyncResponse async) {
    Instant now = clock.instant();
    int events = 0;
    try {
      RequestEnricher.Client client = enricher.client(servlet == null ? null : servlet.getRemoteAddr(),
          headers.getHeaderString("X-Forwarded-For"));
      long ipWait = perIp.tryAcquire(client.rateKey());
      if (ipWait > 0) {
        throw new IngestRefusal(429, "rate_limited_ip",
            "too many requests from this address; retry after " + seconds(ipWait) + " s", seconds(ipWait));
      }
      BatchReader.Batch batch = reader.read(contentType, contentEncoding, contentLength, body);
      events = batch.events().size();
      TokenClaims token = tokens.verify(bearer(authorization, batch.bodyToken()));
      checkSession(batch, token);
      long sessionWait = perSession.tryAcquire(token.sessionId());
      if (sessionWait > 0) {
        throw new IngestRefusal(429, "rate_limited_session",
            "too many requests for this session; retry after " + seconds(sessionWait) + " s", seconds(sessionWait));
      }
      EventValidator.Result result = validator.validate(batch.events(), now);
      result.rejected().forEach(r -> metrics.eventRejected(r.field()));
      if (result.valid().isEmpty()) {
        metrics.requestRejected("all_events_invalid", 0);
        async.resume(Response.status(400).entity(new IngestResponse(0, result.rejected())).build());
        return;
      }
      RequestContext context = enricher.context(now, client, headers.getHeaderString(enricher.countryHeader()),
          headers.getHeaderString(HttpHeaders.USER_AGENT));
      List<PlaybackEvent> records = new ArrayList<>(result.valid().size());
      for (ValidEvent e : result.valid()) {
        records.add(EventAssembler.assemble(e, token, context));
      }
      CompletableFuture<Void> acked = publisher.publish(records);
      int accepted = records.size();
      List<EventRejection> rejected = result.rejected();
      acked.orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((ok, error) -> {
        if (error == null) {
          metrics.accepted(accepted);
          async.resume(accepted(accepted, rejected));
        } else {
          if (error instanceof TimeoutException) {
            publisher.timedOut(ackTimeout);
          }
          metrics.requestRejected("kafka_unavailable", accepted);
          async.resume(unavailable("Kafka did not acknowledge the events"
              + (error instanceof TimeoutException ? " within " + ackTimeout.toMillis() + " ms" : ": " + error.getMessage())
              + "; retry the same events"));
        }
      }, responder);
    } catch (IngestRefusal r) {
      metrics.requestRejected(r.reason(), events);
      async.resume(refusal(r.status(), r.getMessage(), r.retryAfterSeconds()));
    } catch (TokenRejection t) {
      metrics.tokenRejected(t.reason().label);
      metrics.requestRejected("token_" + t.reason().label, events);
      Response.ResponseBuilder b = Response.status(t.status()).type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new ErrorMessage(t.status(), t.getMessage()));
      if (t.status() == 401) {
        b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
      }
      async.resume(b.build());
    } catch (KafkaUnavailable k) {
      metrics.requestRejected("kafka_unavailable", events);
      async.resume(unavailable(k.getMessage() + "; retry the same events"));
    }
  }

  private static void checkSession(BatchReader.Batch batch, TokenClaims token) throws TokenRejection {
    for (int i = 0; i < batch.events().size(); i++) {
      var sid = batch.events().get(i).get("session_id");
      if (sid != null && !sid.isNull() && !token.sessionId().equals(sid.asText())) {
        throw new TokenRejection(TokenRejection.Reason.OTHER_SESSION, "event " + i + " is for session " + sid.asText()
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

  /**
   * The 200 answer. The common case, every event accepted, is written as a ready string: it skips
   * Jersey's Jackson writer, which is a visible share of a request's cost at thousands per second.
   */
  private static Response accepted(int accepted, List<EventRejection> rejected) {
    if (rejected.isEmpty()) {
      return Response.ok("{\"accepted\":" + accepted + ",\"rejected\":[]}", MediaType.APPLICATION_JSON_TYPE).build();
    }
    return Response.ok(new IngestResponse(accepted, rejected)).build();
  }

  private static Response unavailable(String message) {
    // a broker restart takes seconds; one second spreads the retries without leaving events waiting long
    return refusal(503, message, 1);
  }

  private static Response refusal(int status, String message, long retryAfter) {
    Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(status, message));
    if (retryAfter > 0) {
      b.header("Retry-After", Long.toString(retryAfter));
    }
    return b.build();
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
