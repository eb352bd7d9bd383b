package io.ottplatform.ingest.http;

import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.ingest.kafka.EventPublisher;
import io.ottplatform.ingest.kafka.KafkaUnavailable;
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
 * Retry-After and a generic reason when the send failed or took longer than the ack timeout (Kafka's own text is
 * logged, never answered). Written from the responder pool, never
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
          IngestGate.write(response, 200, ok.bytes());
        } else {
          if (error instanceof TimeoutException) {
            publisher.timedOut(ackTimeout);
          }
          metrics.requestRejected("kafka_unavailable", accepted);
          // Kafka's text (broker addresses, topic, internal state) is for the log, never the client's body
          LOG.debug("503 for {} events: Kafka did not acknowledge {}", accepted, error instanceof TimeoutException
              ? "within " + ackTimeout.toMillis() + " ms" : error.toString());
          // a broker restart takes seconds; one second spreads the retries without leaving events waiting long
          IngestGate.refuse(response, 503, KafkaUnavailable.REASON, KafkaUnavailable.CLIENT_MESSAGE, 1);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not write the answer (the client has gone?): {}", e.toString());
      } finally {
        async.complete();
      }
    }, responder);
  }
}
