package io.ottplatform.stream.health;

import io.ottplatform.stream.health.JobMetricsReporter.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;

/**
 * The verdict of {@code /healthcheck}: healthy while the job is RUNNING and its last completed checkpoint is at
 * most {@code maxCheckpointAge} old. A job that runs but does not checkpoint commits nothing to Kafka (its
 * transactions stay open), so read_committed consumers and the dashboard see nothing new: that is unhealthy too.
 */
public final class JobHealth {

  /** {@code body} is the JSON answer; {@code healthy} decides 200 or 503. */
  public record Verdict(boolean healthy, String body) {}

  private final Supplier<JobStatus> status;
  private final Supplier<Optional<Snapshot>> metrics;
  private final Optional<String> restoredFrom;
  private final Duration maxCheckpointAge;
  private final Clock clock;

  /**
   * @param status the job's state now (JobClient's), or throws when it cannot be had
   * @param restoredFrom the checkpoint or savepoint this run started from; empty when it started without state
   */
  public JobHealth(Supplier<JobStatus> status, Supplier<Optional<Snapshot>> metrics, Optional<String> restoredFrom,
      Duration maxCheckpointAge, Clock clock) {
    this.status = status;
    this.metrics = metrics;
    this.restoredFrom = restoredFrom;
    this.maxCheckpointAge = maxCheckpointAge;
    this.clock = clock;
  }

  public Verdict check() {
    String state;
    try {
      state = status.get().name();
    } catch (RuntimeException e) {
      return verdict("UNKNOWN", Optional.empty(), "the job's state cannot be read: " + e.getMessage());
    }
    Optional<Snapshot> snapshot = metrics.get();
    if (!state.equals(JobStatus.RUNNING.name())) {
      return verdict(state, snapshot, "the job is " + state + ", not RUNNING");
    }
    if (snapshot.isEmpty()) {
      return verdict(state, snapshot, "running, but Flink reports no metrics yet");
    }
    Optional<Duration> age = age(snapshot.get());
    if (age.isEmpty()) {
      return verdict(state, snapshot, "running, no checkpoint completed yet in this run");
    }
    if (age.get().compareTo(maxCheckpointAge) > 0) {
      return verdict(state, snapshot, String.format(Locale.ROOT, "the last completed checkpoint (%d) is %.1f s old, "
          + "more than health.max-checkpoint-age %d s", snapshot.get().lastCheckpointId(), seconds(age.get()),
          maxCheckpointAge.toSeconds()));
    }
    return verdict(state, snapshot, null);
  }

  /** How long ago the last checkpoint of this run completed. */
  public Optional<Duration> age(Snapshot s) {
    return s.lastCheckpointAt().map(at -> Duration.between(at, clock.instant()));
  }

  private Verdict verdict(String state, Optional<Snapshot> snapshot, String problem) {
    StringBuilder json = new StringBuilder("{\"healthy\":").append(problem == null)
        .append(",\"state\":").append(Json.string(state));
    if (problem != null) {
      json.append(",\"reason\":").append(Json.string(problem));
    }
    Optional<Duration> age = snapshot.flatMap(this::age);
    json.append(",\"last_checkpoint_id\":").append(snapshot.map(Snapshot::lastCheckpointId).orElse(-1L))
        .append(",\"last_checkpoint_age_s\":")
        .append(age.map(a -> String.format(Locale.ROOT, "%.1f", seconds(a))).orElse("null"))
        .append(",\"restored_from\":").append(restoredFrom.map(Json::string).orElse("null"))
        .append(",\"max_checkpoint_age_s\":").append(maxCheckpointAge.toSeconds()).append('}');
    return new Verdict(problem == null, json.toString());
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /** The two JSON encodings the endpoint needs; no JSON library in the job's classpath for this. */
  static final class Json {
    private Json() {}

    static String string(String s) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.append('"').toString();
    }
  }
}
