package io.ottplatform.stream.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.Scheduled;

/**
 * Keeps what {@code /healthcheck} and {@code /metrics} need from Flink's own metrics: the job's checkpoint gauges
 * and each operator's record counters (and the QoE job's {@code lateEvents}). Flink has no gauge for when the last
 * checkpoint completed, so {@link #report()} (every second, {@link #FLINK_CONFIG_INTERVAL}) notes the moment
 * {@code lastCompletedCheckpointId} moves: the age it gives is late by at most that interval.
 *
 * <p>Flink creates reporters itself, by class name, inside the process that runs the job; with the local
 * MiniCluster {@code QoeJobMain} starts, that is this JVM, and {@link #current()} is the hand-over to the HTTP
 * endpoint (one job per process: QoeJobMain's state lock makes sure of it).
 */
public final class JobMetricsReporter implements MetricReporter, Scheduled {

  /** The name under {@code metrics.reporter.} in the job's Flink configuration. */
  public static final String NAME = "qoe-health";
  public static final String FLINK_CONFIG_INTERVAL = "1 s";

  static final String LAST_CHECKPOINT_ID = "lastCompletedCheckpointId";
  private static final Set<String> JOB_GAUGES = Set.of(LAST_CHECKPOINT_ID, "numberOfCompletedCheckpoints",
      "numberOfFailedCheckpoints", "lastCheckpointRestoreTimestamp", "lastCheckpointDuration", "numRestarts");
  private static final Set<String> OPERATOR_COUNTERS = Set.of("numRecordsIn", "numRecordsOut", "lateEvents");
  private static final String OPERATOR = "<operator_name>";
  private static final String TASK = "<task_name>";

  private static final AtomicReference<JobMetricsReporter> CURRENT = new AtomicReference<>();

  private final Clock clock;
  private final Map<String, Gauge<?>> jobGauges = new ConcurrentHashMap<>();
  private final Map<Metric, OperatorCounter> counters = new ConcurrentHashMap<>();
  private long lastCheckpointId = -1;
  private Instant lastCheckpointSeenAt;

  private record OperatorCounter(String operator, String metric, Counter counter) {}

  /** One operator's counters, summed over its subtasks. */
  public record OperatorCounts(long recordsIn, long recordsOut, long lateEvents) {}

  /** What the endpoint shows; {@code lastCheckpointAt} empty until a checkpoint completed in this run. */
  public record Snapshot(long lastCheckpointId, Optional<Instant> lastCheckpointAt, long completedCheckpoints,
      long failedCheckpoints, long restarts, Map<String, OperatorCounts> operators) {

    public long lateEvents() {
      return operators.values().stream().mapToLong(OperatorCounts::lateEvents).sum();
    }
  }

  public JobMetricsReporter(Clock clock) {
    this.clock = clock;
  }

  /** The reporter Flink created in this JVM, once the job's metrics are being set up. */
  public static Optional<JobMetricsReporter> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  @Override
  public void open(MetricConfig config) {
    CURRENT.set(this);
  }

  @Override
  public void close() {
    CURRENT.compareAndSet(this, null);
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    Map<String, String> variables = group.getAllVariables();
    if (metric instanceof Gauge<?> gauge && JOB_GAUGES.contains(name) && !variables.containsKey(TASK)) {
      jobGauges.put(name, gauge);
    } else if (metric instanceof Counter counter && OPERATOR_COUNTERS.contains(name) && variables.containsKey(OPERATOR)) {
      counters.put(metric, new OperatorCounter(variables.get(OPERATOR), name, counter));
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    counters.remove(metric);
    jobGauges.remove(name, metric);
  }

  @Override
  public void report() {
    observeCheckpoint();
  }

  private synchronized void observeCheckpoint() {
    long id = gauge(LAST_CHECKPOINT_ID, -1);
    if (id >= 0 && id != lastCheckpointId) {
      lastCheckpointId = id;
      lastCheckpointSeenAt = clock.instant();
    }
  }

  public Snapshot snapshot() {
    observeCheckpoint();
    Map<String, long[]> sums = new TreeMap<>();
    for (OperatorCounter c : counters.values()) {
      long[] s = sums.computeIfAbsent(c.operator(), k -> new long[3]);
      int slot = switch (c.metric()) {
        case "numRecordsIn" -> 0;
        case "numRecordsOut" -> 1;
        default -> 2;
      };
      s[slot] += c.counter().getCount();
    }
    Map<String, OperatorCounts> operators = new TreeMap<>();
    sums.forEach((op, s) -> operators.put(op, new OperatorCounts(s[0], s[1], s[2])));
    synchronized (this) {
      return new Snapshot(lastCheckpointId, Optional.ofNullable(lastCheckpointSeenAt),
          gauge("numberOfCompletedCheckpoints", 0), gauge("numberOfFailedCheckpoints", 0), gauge("numRestarts", 0),
          operators);
    }
  }

  private long gauge(String name, long absent) {
    Gauge<?> g = jobGauges.get(name);
    Object v = g == null ? null : g.getValue();
    return v instanceof Number n ? n.longValue() : absent;
  }
}
