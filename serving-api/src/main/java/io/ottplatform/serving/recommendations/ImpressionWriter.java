package io.ottplatform.serving.recommendations;

import io.dropwizard.lifecycle.Managed;
import io.ottplatform.serving.recommendations.db.RecommendationDao.ImpressionRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rec_impressions off the request path: a request only offers its row to a bounded queue;
 * one thread inserts them in batches. A full queue or a failed insert never fails a request — the
 * impressions are counted as dropped/failed instead (take-rate is then measured on fewer rows, which
 * the counters make visible). Stopping flushes what is queued.
 */
public final class ImpressionWriter implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ImpressionWriter.class);

  private final RecommendationDao dao;
  private final BlockingQueue<ImpressionRow> queue;
  private final int batchSize;
  private final Duration flushInterval;
  private final RecommendationMetrics metrics;
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rec-impressions");
    t.setDaemon(true);
    return t;
  });

  public ImpressionWriter(RecommendationDao dao, int capacity, int batchSize, Duration flushInterval,
      RecommendationMetrics metrics) {
    this.dao = dao;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = batchSize;
    this.flushInterval = flushInterval;
    this.metrics = metrics;
  }

  /** Never blocks. */
  public void record(ImpressionRow row) {
    if (!queue.offer(row)) {
      metrics.impressions("dropped", 1);
    }
  }

  @Override
  public void start() {
    writer.scheduleWithFixedDelay(this::drain, flushInterval.toMillis(), flushInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    writer.shutdown();
    writer.awaitTermination(5, TimeUnit.SECONDS);
    drain();
  }

  private synchronized void drain() {
    List<ImpressionRow> batch = new ArrayList<>(batchSize);
    while (queue.drainTo(batch, batchSize) > 0) {
      try {
        dao.insertImpressions(batch);
        metrics.impressions("written", batch.size());
      } catch (RuntimeException e) {
        metrics.impressions("failed", batch.size());
        LOG.warn("{} recommendation impressions not written", batch.size(), e);
      }
      batch.clear();
    }
  }
}
