package io.ottplatform.media.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the worker's loop reports about itself, read by the health endpoint's thread: written by the consumer loop
 * and the encode thread, so every field is volatile or atomic.
 */
public final class WorkerStatus {

  /** The job being encoded now. */
  public record CurrentJob(String jobId, String titleId, int attempt, Instant startedAt, double percent) {}

  /** A heartbeat age meaning "none yet" (longer than any loop runs). */
  public static final Duration NEVER = Duration.ofDays(36_500);

  private final Clock clock;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong encodeMillis = new AtomicLong();
  private volatile Instant loopStartedAt;
  private volatile String stoppedBecause;
  private volatile Instant lastPollAt;
  private volatile Duration heartbeatAge;
  private volatile CurrentJob current;

  public WorkerStatus(Clock clock) {
    this.clock = clock;
  }

  void loopStarted() {
    loopStartedAt = clock.instant();
  }

  void loopStopped(String why) {
    stoppedBecause = why;
  }

  /**
   * A poll returned. {@code heartbeatAge}: the consumer's {@code last-heartbeat-seconds-ago} (empty when the client
   * does not report it): a poll returns on time even when Kafka is unreachable, its heartbeats do not.
   */
  void polled(Optional<Duration> heartbeatAge) {
    lastPollAt = clock.instant();
    this.heartbeatAge = heartbeatAge.orElse(null);
  }

  void jobStarted(String jobId, String titleId, int attempt) {
    started.incrementAndGet();
    current = new CurrentJob(jobId, titleId, attempt, clock.instant(), 0);
  }

  void progress(double percent) {
    CurrentJob job = current;
    if (job != null) {
      current = new CurrentJob(job.jobId(), job.titleId(), job.attempt(), job.startedAt(), percent);
    }
  }

  /** The encode ended (published, failed or cancelled): its time counts either way. */
  void jobEnded() {
    CurrentJob job = current;
    if (job != null) {
      encodeMillis.addAndGet(Duration.between(job.startedAt(), clock.instant()).toMillis());
    }
    current = null;
  }

  void published() {
    done.incrementAndGet();
  }

  void failedAndQueuedAgain() {
    failed.incrementAndGet();
  }

  void deadLettered() {
    deadLettered.incrementAndGet();
  }

  public Instant now() {
    return clock.instant();
  }

  public Optional<Instant> loopStartedAt() {
    return Optional.ofNullable(loopStartedAt);
  }

  public Optional<String> stoppedBecause() {
    return Optional.ofNullable(stoppedBecause);
  }

  public Optional<Instant> lastPollAt() {
    return Optional.ofNullable(lastPollAt);
  }

  public Optional<Duration> heartbeatAge() {
    return Optional.ofNullable(heartbeatAge);
  }

  public Optional<CurrentJob> currentJob() {
    return Optional.ofNullable(current);
  }

  public long jobsStarted() {
    return started.get();
  }

  public long jobsDone() {
    return done.get();
  }

  /** Attempts that failed for a retryable reason and were queued again. */
  public long jobsFailed() {
    return failed.get();
  }

  public long jobsDeadLettered() {
    return deadLettered.get();
  }

  /** Wall time of finished encodes (the running one is not in it yet). */
  public double encodeSecondsTotal() {
    return encodeMillis.get() / 1000.0;
  }
}
