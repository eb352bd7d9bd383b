package io.ottplatform.ingest.kafka;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Remembers that Kafka just failed us, so that for a short while requests get 503 at once instead of
 * each waiting out the acknowledgement timeout behind a dead broker. After the back-off, requests go
 * through again and the first acknowledgement proves the broker is back.
 */
public final class KafkaCircuit {

  private final long backoffNanos;
  private final LongSupplier nanoClock;
  private volatile long openUntil;
  private volatile boolean open;
  private volatile String lastFailure = "";

  public KafkaCircuit(Duration backoff, LongSupplier nanoClock) {
    this.backoffNanos = backoff.toNanos();
    this.nanoClock = nanoClock;
  }

  public void failed(String why) {
    lastFailure = why;
    open = true;
    openUntil = nanoClock.getAsLong() + backoffNanos;
  }

  public void succeeded() {
    if (open) {
      open = false;
    }
  }

  /** True while requests should be refused without trying Kafka. */
  public boolean refusing() {
    return open && nanoClock.getAsLong() - openUntil < 0;
  }

  /** True from a failure until the next acknowledgement. */
  public boolean isOpen() {
    return open;
  }

  public String lastFailure() {
    return lastFailure;
  }

  public long retryAfterSeconds() {
    return Math.max(1, (long) Math.ceil(backoffNanos / 1e9));
  }
}
