package io.ottplatform.serving.dashboard;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The open live streams: at most {@code max} at once (each holds a request thread for as long as the page is
 * open), and all of them end when the service stops, so a shutdown never waits for browsers to leave.
 */
public final class LiveStreams implements Managed {

  private final int max;
  private final Semaphore permits;
  private final CountDownLatch stopping = new CountDownLatch(1);

  public LiveStreams(int max) {
    this.max = max;
    this.permits = new Semaphore(max);
  }

  public boolean tryOpen() {
    return permits.tryAcquire();
  }

  public void closed() {
    permits.release();
  }

  public int open() {
    return max - permits.availablePermits();
  }

  public int max() {
    return max;
  }

  /** Waits up to {@code millis}; true when the service is stopping (the stream must end). */
  public boolean awaitStop(long millis) throws InterruptedException {
    return stopping.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    stopping.countDown();
  }
}
