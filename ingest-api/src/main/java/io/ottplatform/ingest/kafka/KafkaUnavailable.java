package io.ottplatform.ingest.kafka;

/** Kafka cannot take the batch now (down, or the producer buffer is full): the client should retry. */
public final class KafkaUnavailable extends Exception {

  public KafkaUnavailable(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
