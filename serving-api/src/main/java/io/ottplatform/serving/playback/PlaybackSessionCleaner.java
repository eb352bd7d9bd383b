package io.ottplatform.serving.playback;

import io.dropwizard.lifecycle.Managed;
import io.ottplatform.serving.playback.db.PlaybackSessionDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes playback sessions whose lease ended (expired, ended or revoked) more than {@code retention} ago, every
 * {@code interval}. A grant adds a row, so without this {@code playback_sessions} grows with every view; the
 * retention keeps the recent rows as the audit of who played what. Deletes run in batches, each its own short
 * statement, so they never hold many row locks at once; several instances may run it (they skip each other's rows).
 */
public final class PlaybackSessionCleaner implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(PlaybackSessionCleaner.class);
  static final int BATCH = 5_000;

  private final PlaybackSessionDao dao;
  private final Duration retention;
  private final Duration interval;
  private final Clock clock;
  private ScheduledExecutorService executor;

  public PlaybackSessionCleaner(PlaybackSessionDao dao, Duration retention, Duration interval, Clock clock) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("playback.sessionRetention must not be negative: " + retention);
    }
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("playback.sessionCleanupInterval must be positive: " + interval);
    }
    this.dao = dao;
    this.retention = retention;
    this.interval = interval;
    this.clock = clock;
  }

  /** Deletes every session whose lease ended before now minus the retention; how many were deleted. */
  public int deleteExpired() {
    Instant cutoff = clock.instant().minus(retention);
    int total = 0;
    int deleted;
    do {
      deleted = dao.deleteEndedBefore(cutoff, BATCH);
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "playback-session-cleaner");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::deleteQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    if (executor != null) {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void deleteQuietly() {
    try {
      int deleted = deleteExpired();
      if (deleted > 0) {
        LOG.info("deleted {} playback session(s) that ended more than {} ago", deleted, retention);
      }
    } catch (RuntimeException e) {
      // the database may be briefly unreachable; the rows wait for the next run
      LOG.warn("deleting old playback sessions failed; next try in {}: {}", interval, e.toString());
    }
  }
}
