package io.ottplatform.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.ingest.api.EventRejection;
import io.ottplatform.ingest.api.IngestResponse;
import io.ottplatform.ingest.auth.TokenRejection;
import io.ottplatform.ingest.core.BatchReader;
import io.ottplatform.ingest.core.EventValidator;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.core.IngestRefusal;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.kafka.KafkaUnavailable;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/events}: a batch of player events, and its CORS preflight. The request thread reads,
 * checks (the token, limits and hand-off are {@link IngestGate}'s, shared with {@code /v1/cmcd}) and hands the
 * batch to the producer, then returns; the answer is written from the responder
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
  private static final String METHODS = "POST, OPTIONS";

  private final transient BatchReader reader;
  private final transient EventValidator validator;
  private final transient IngestGate gate;
  private final transient IngestMetrics metrics;
  private final transient Clock clock;

  public EventsServlet(BatchReader reader, EventValidator validator, IngestGate gate, IngestMetrics metrics,
                       Clock clock) {
    this.reader = reader;
    this.validator = validator;
    this.gate = gate;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws jakarta.servlet.ServletException, IOException {
    String method = request.getMethod();
    if ("POST".equals(method) || "OPTIONS".equals(method)) {
      IngestGate.answerFailures(request, response, () -> super.service(request, response));
      return;
    }
    IngestGate.methodNotAllowed(response, method, PATH, METHODS, "post a batch of events");
  }

  @Override
  protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
    gate.options(request, response, METHODS);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Instant now = clock.instant();
    int events = 0;
    try {
      RequestEnricher.Client client = gate.admit(request, response);
      BatchReader.Batch batch = reader.read(IngestGate.contentType(request), request.getHeader("Content-Encoding"),
          request.getHeader("Content-Length"), request.getInputStream());
      events = batch.events().size();
      PlaybackTokenClaims token = gate.authorize(bearer(request.getHeader("Authorization"), batch.bodyToken()),
          claims -> checkSession(batch, claims));
      EventValidator.Result result = validator.validate(batch.events(), now);
      for (EventRejection r : result.rejected()) {
        metrics.eventRejected(r.field());
      }
      if (result.valid().isEmpty()) {
        metrics.requestRejected("all_events_invalid", 0);
        IngestGate.write(response, 400, JSON.writeValueAsBytes(new IngestResponse(0, result.rejected())));
        return;
      }
      List<EventRejection> rejected = result.rejected();
      int accepted = result.valid().size();
      gate.publish(request, now, client, token, result.valid(), () -> acceptedBody(accepted, rejected));
    } catch (IngestRefusal r) {
      gate.refuse(request, response, r, events);
    } catch (TokenRejection t) {
      gate.refuse(request, response, t, events);
    } catch (KafkaUnavailable k) {
      gate.refuse(request, response, k, events);
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
}
