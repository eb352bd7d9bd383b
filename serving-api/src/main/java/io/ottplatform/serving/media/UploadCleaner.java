package io.ottplatform.serving.media;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes abandoned uploads once their {@code Upload-Expires} has passed, every {@code cleanInterval}. */
public final class UploadCleaner implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(UploadCleaner.class);

  private final TusUploads uploads;
  private final Duration interval;
  private ScheduledExecutorService executor;

  public UploadCleaner(TusUploads uploads, Duration interval) {
    this.uploads = uploads;
    this.interval = interval;
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "upload-cleaner");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::cleanQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    if (executor != null) {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void cleanQuietly() {
    try {
      int removed = uploads.cleanExpired();
      if (removed > 0) {
        LOG.info("removed {} expired upload(s)", removed);
      }
    } catch (RuntimeException e) {
      LOG.warn("cleaning expired uploads failed; next try in {}: {}", interval, e.toString());
    }
  }
}
