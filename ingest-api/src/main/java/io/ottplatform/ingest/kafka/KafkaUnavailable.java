package io.ottplatform.ingest.kafka;

/**
 * Kafka cannot take the batch now (down, or the producer buffer is full): the client should retry. The
 * message is for the log only: it carries Kafka's own text (broker addresses, topic names, internal state),
 * which never reaches a client; the answer's body is {@link #CLIENT_MESSAGE}.
 */
public final class KafkaUnavailable extends Exception {

  /** What a client is told: a generic reason and how to retry, the same whatever failed. */
  public static final String CLIENT_MESSAGE =
      "the events cannot be stored right now; retry the same events after the Retry-After seconds";
  /** The answer's {@code reason}. */
  public static final String REASON = "temporarily_unavailable";

  public KafkaUnavailable(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
