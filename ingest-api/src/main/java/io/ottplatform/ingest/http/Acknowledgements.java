package io.ottplatform.ingest.http;

import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.kafka.EventPublisher;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an async request once Kafka has acknowledged its records: 200 with the body given, or 503 with
 * Retry-After when the send failed or took longer than the ack timeout. Written from the responder pool, never
 * from the producer's I/O thread; shared by the JSON and the CMCD endpoints.
 */
final class Acknowledgements {

  /** The 200 answer's body, made only when the records were acknowledged. */
  @FunctionalInterface
  interface Body {
    byte[] bytes() throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);

  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final Duration ackTimeout;
  private final Executor responder;

  Acknowledgements(EventPublisher publisher, IngestMetrics metrics, Duration ackTimeout, Executor responder) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.ackTimeout = ackTimeout;
    this.responder = responder;
  }

  void answer(AsyncContext async, CompletableFuture<Void> acked, int accepted, Body ok) {
    acked.orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((done, error) -> {
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      try {
        if (error == null) {
          metrics.accepted(accepted);
          EventsServlet.write(response, 200, ok.bytes());
        } else {
          if (error instanceof TimeoutException) {
            publisher.timedOut(ackTimeout);
          }
          metrics.requestRejected("kafka_unavailable", accepted);
          // a broker restart takes seconds; one second spreads the retries without leaving events waiting long
          EventsServlet.refuse(response, 503, "Kafka did not acknowledge the events"
              + (error instanceof TimeoutException ? " within " + ackTimeout.toMillis() + " ms" : ": " + error.getMessage())
              + "; retry the same events", 1);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not write the answer (the client has gone?): {}", e.toString());
      } finally {
        async.complete();
      }
    }, responder);
  }
}
