package io.ottplatform.bench.harness;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one measured phase in an HdrHistogram (1 µs to 1 h, 3 significant digits): percentiles
 * without keeping every sample, and safe to record from callback threads (a {@link Recorder}).
 */
public final class Latencies {

  private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

  private final Recorder recorder = new Recorder(1_000, HIGHEST_NANOS, 3);
  private final Histogram total = new Histogram(1_000, HIGHEST_NANOS, 3);

  /** Records one latency; values beyond an hour count as an hour. */
  public void recordNanos(long nanos) {
    recorder.recordValue(Math.max(1_000, Math.min(nanos, HIGHEST_NANOS)));
  }

  private Histogram snapshot() {
    total.add(recorder.getIntervalHistogram());
    return total;
  }

  public long count() {
    return snapshot().getTotalCount();
  }

  /** The {@code percentile} (0-100) in milliseconds; NaN when nothing was recorded. */
  public double percentileMs(double percentile) {
    Histogram h = snapshot();
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  public double maxMs() {
    Histogram h = snapshot();
    return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6;
  }
}
