package io.ottplatform.media.worker;

import io.ottplatform.media.EncodeRequest;
import io.ottplatform.media.EncodeResult;
import io.ottplatform.media.JobListener;
import io.ottplatform.media.MediaPipeline;
import io.ottplatform.media.engine.EncodeCancelledException;
import io.ottplatform.media.engine.FfmpegBinaries;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.engine.Progress;
import io.ottplatform.media.probe.InvalidMediaException;
import io.ottplatform.schemas.avro.MediaJob;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.MediaRendition;
import io.ottplatform.schemas.avro.MediaJobState;
import io.ottplatform.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of the {@code media.jobs} consumer group. One job at a time per worker; more workers share the work.
 *
 * <pre>
 * poll one job --> pipeline (FFmpeg, encode thread) --> publish --> commit offset
 *                      |  while it runs: partitions paused, poll() keeps the membership alive
 *                      |  progress --> media.jobs.progress
 *                      '-- failure: retryable and tries < max  --> the job again on media.jobs (attempt+1), commit
 *                                   bad input, or tries used up --> media.jobs.dead-letter (reason), commit
 * </pre>
 *
 * The offset is committed only after the title is published (or the job handed on), so a worker killed mid-encode
 * leaves the job to the group; the next worker's publish is idempotent by job id (the origin records which job it
 * serves). {@link #close()} is a kill from the job's point of view: FFmpeg is killed and nothing is committed.
 */
public final class MediaWorker implements AutoCloseable {

  public static final String ATTEMPT_HEADER = "ott-attempt";
  public static final String REASON_HEADER = "ott-reason";
  private static final Logger LOG = LoggerFactory.getLogger(MediaWorker.class);

  private final String workerId;
  private final MediaPipeline pipeline;
  private final FfmpegBinaries binaries;
  private final int maxAttempts;
  private final Duration progressInterval;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile FfmpegEngine currentEngine;
  private volatile TopicPartition currentPartition;
  private volatile Thread loopThread;
  private final WorkerStatus status;
  private Metric heartbeatAge; // the consumer's, found once on the loop thread

  public MediaWorker(String workerId, String bootstrap, String groupId, int maxAttempts, Duration progressInterval,
      Duration sessionTimeout, MediaPipeline pipeline, FfmpegBinaries binaries) {
    this(workerId, bootstrap, groupId, maxAttempts, progressInterval, sessionTimeout, pipeline, binaries,
        new WorkerStatus(Clock.systemUTC()));
  }

  /** {@code status}: where the loop reports itself for {@link WorkerHealth}. */
  public MediaWorker(String workerId, String bootstrap, String groupId, int maxAttempts, Duration progressInterval,
      Duration sessionTimeout, MediaPipeline pipeline, FfmpegBinaries binaries, WorkerStatus status) {
    this.workerId = workerId;
    this.status = status;
    this.pipeline = pipeline;
    this.binaries = binaries;
    this.maxAttempts = maxAttempts;
    this.progressInterval = progressInterval;
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "media-worker-" + workerId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    // a worker joining or leaving must not take the partition of a job another worker is encoding
    c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    // how long the group waits for a worker that died without leaving (kill -9) before its job moves on
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeout.toMillis()));
    c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(500, sessionTimeout.toMillis() / 5)));
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(c);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "media-worker-" + workerId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
  }

  /** Consumes until {@link #close()}; call it on a thread of its own. */
  public void run() {
    loopThread = Thread.currentThread();
    status.loopStarted();
    String stopped = "closed (the worker is shutting down)";
    try {
      consumer.subscribe(List.of(Topics.MEDIA_JOBS.name()), new BusyRebalanceListener());
      while (!closing.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        status.polled(heartbeatAge());
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
          if (closing.get()) {
            return;
          }
        }
      }
    } catch (WakeupException e) {
      if (!closing.get()) {
        stopped = "woken up without close()";
        throw e;
      }
    } catch (RuntimeException e) {
      stopped = e.getClass().getSimpleName() + ": " + e.getMessage();
      throw e;
    } finally {
      status.loopStopped(stopped);
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))); // leaves the group: its partitions go to the others at once
      producer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    MediaJob job;
    try {
      job = Topics.MEDIA_JOBS.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      deadLetter(record, null, "not a MediaJob record: " + e.getMessage(), 1);
      commit(tp, record.offset());
      return;
    }
    int attempt = attemptOf(record);
    LOG.info("worker {} takes job {} (title {}, attempt {})", workerId, job.getJobId(), job.getTitleId(), attempt);
    consumer.pause(consumer.assignment());
    currentPartition = tp;
    status.jobStarted(job.getJobId(), job.getTitleId(), attempt);
    try {
      EncodeResult result = runPipeline(job);
      status.published();
      LOG.info("worker {}: job {} {}", workerId, job.getJobId(), result.alreadyPublished() ? "was already published" : "published");
    } catch (EncodeCancelledException e) {
      return; // killed: no commit, the group hands the job to another worker
    } catch (InvalidMediaException e) {
      deadLetter(record, job, e.getMessage(), attempt);
    } catch (RuntimeException e) {
      if (closing.get()) {
        return;
      }
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("worker {}: job {} failed (attempt {} of {}): {}", workerId, job.getJobId(), attempt, maxAttempts, reason, e);
      if (attempt < maxAttempts) {
        retry(record, job, reason, attempt + 1);
      } else {
        deadLetter(record, job, reason + " (after " + attempt + " attempts)", attempt);
      }
    } finally {
      status.jobEnded();
      currentPartition = null;
      if (!closing.get()) {
        consumer.resume(consumer.assignment());
      }
    }
    if (!closing.get()) {
      commit(tp, record.offset());
    }
  }

  /**
   * While a job runs every partition stays paused, also those assigned meanwhile; a job whose partition is taken
   * away (the group rebalanced it to another worker) is cancelled here: the new owner will do it.
   */
  private final class BusyRebalanceListener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      TopicPartition busy = currentPartition;
      FfmpegEngine engine = currentEngine;
      if (busy != null && partitions.contains(busy) && engine != null) {
        LOG.warn("worker {}: {} moved to another worker; cancelling its job here", workerId, busy);
        engine.cancel();
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (currentPartition != null) {
        consumer.pause(partitions);
      }
    }
  }

  /** A record polled while busy (should not happen with every partition paused) is put back, never skipped. */
  private void putBack(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition p : records.partitions()) {
      consumer.seek(p, records.records(p).get(0).offset());
      consumer.pause(List.of(p));
    }
  }

  /** Runs the job on a thread of its own while this thread keeps polling (paused), so the group keeps us. */
  private EncodeResult runPipeline(MediaJob job) {
    EncodeRequest request = JobRequests.from(job);
    try (FfmpegEngine engine = new FfmpegEngine(binaries)) {
      currentEngine = engine;
      ProgressReporter reporter = new ProgressReporter(job);
      CompletableFuture<EncodeResult> future = CompletableFuture.supplyAsync(() -> pipeline.run(request, engine, reporter));
      while (true) {
        try {
          return future.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (closing.get()) {
            engine.cancel();
          } else {
            try {
              ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ZERO); // paused: counts as a poll
              status.polled(heartbeatAge());
              if (!unexpected.isEmpty()) {
                putBack(unexpected);
              }
            } catch (WakeupException woken) {
              engine.cancel();
            }
          }
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw closing.get() ? new EncodeCancelledException("job " + job.getJobId()) : r;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          engine.cancel();
          throw new EncodeCancelledException("job " + job.getJobId());
        }
      }
    } finally {
      currentEngine = null;
    }
  }

  private final class ProgressReporter implements JobListener {
    private final MediaJob job;
    private long lastSent;

    ProgressReporter(MediaJob job) {
      this.job = job;
    }

    @Override
    public void stage(MediaJobState state, double percent, String message) {
      status.progress(percent);
      send(job, state, percent, message);
    }

    @Override
    public void published(EncodeResult result, String message) {
      MediaJobProgress.Builder done = progress(job, MediaJobState.DONE, 100, message)
          .setDurationMs(Math.round(result.durationSeconds() * 1000))
          .setRenditions(result.rungs().stream().map(r -> MediaRendition.newBuilder().setName(r.name())
              .setWidth(r.width()).setHeight(r.height()).setBitrateKbps(r.bitrateKbps()).build()).toList())
          .setKeyId(result.kid());
      send(job, done.build());
    }

    @Override
    public void encoding(Progress p, double jobPercent) {
      status.progress(jobPercent);
      long now = System.nanoTime();
      if (now - lastSent >= progressInterval.toNanos()) {
        lastSent = now;
        // speed and ETA as fields (MediaJobProgress v3) and, for readers of older versions, in the message text
        send(job, progress(job, MediaJobState.ENCODING, jobPercent, String.format(Locale.ROOT,
            "%.0f%% encoded, %.2fx realtime, ETA %ds", p.percent(), p.speed(), p.eta().toSeconds()))
            .setSpeed((float) p.speed()).setEtaSeconds((int) Math.min(Integer.MAX_VALUE, p.eta().toSeconds())).build());
      }
    }
  }

  private void send(MediaJob job, MediaJobState state, double percent, String message) {
    send(job, progress(job, state, percent, message).build());
  }

  private MediaJobProgress.Builder progress(MediaJob job, MediaJobState state, double percent, String message) {
    boolean done = state == MediaJobState.DONE;
    return MediaJobProgress.newBuilder().setJobId(job.getJobId()).setTitleId(job.getTitleId())
        .setState(state).setPercent((float) percent).setMessage("[" + workerId + "] " + message)
        .setHlsManifest(done ? job.getTitleId() + "/master.m3u8" : null)
        .setDashManifest(done ? job.getTitleId() + "/manifest.mpd" : null)
        .setUpdatedAt(Instant.now());
  }

  private void send(MediaJob job, MediaJobProgress progress) {
    producer.send(new ProducerRecord<>(Topics.MEDIA_JOB_PROGRESS.name(), job.getJobId(),
        Topics.MEDIA_JOB_PROGRESS.valueSerde().serializer().serialize(Topics.MEDIA_JOB_PROGRESS.name(), progress)));
  }

  private void retry(ConsumerRecord<String, byte[]> record, MediaJob job, String reason, int nextAttempt) {
    ProducerRecord<String, byte[]> again = new ProducerRecord<>(Topics.MEDIA_JOBS.name(), record.key(), record.value());
    again.headers().add(ATTEMPT_HEADER, String.valueOf(nextAttempt).getBytes(StandardCharsets.UTF_8));
    again.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    sendNow(again);
    status.failedAndQueuedAgain();
    send(job, MediaJobState.QUEUED, 0, "attempt " + (nextAttempt - 1) + " failed, queued again: " + reason);
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, MediaJob job, String reason, int attempts) {
    LOG.warn("worker {}: job {} goes to {}: {}", workerId, record.key(), Topics.MEDIA_JOBS_DEAD_LETTER.name(), reason);
    ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.MEDIA_JOBS_DEAD_LETTER.name(), record.key(), record.value());
    dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    dead.headers().add("ott-attempts", String.valueOf(attempts).getBytes(StandardCharsets.UTF_8));
    sendNow(dead);
    status.deadLettered();
    if (job != null) {
      send(job, MediaJobState.FAILED, 0, reason);
    }
  }

  private void sendNow(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS); // acknowledged before the offset moves on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send job " + record.key() + " to " + record.topic(), e);
    }
  }

  private void commit(TopicPartition tp, long offset) {
    producer.flush();
    try {
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset + 1)));
    } catch (org.apache.kafka.common.errors.RebalanceInProgressException
        | org.apache.kafka.clients.consumer.CommitFailedException e) {
      // the partition moved on while we worked: the next owner redoes the job and finds it published
      LOG.warn("worker {}: commit of {}@{} failed ({}); the job's publish is idempotent", workerId, tp, offset, e.getMessage());
    }
  }

  /** The consumer's {@code last-heartbeat-seconds-ago} (classic group protocol); empty when it reports none. */
  private Optional<Duration> heartbeatAge() {
    if (heartbeatAge == null) {
      heartbeatAge = consumer.metrics().entrySet().stream()
          .filter(e -> e.getKey().name().equals("last-heartbeat-seconds-ago")).map(Map.Entry::getValue)
          .findFirst().orElse(null);
    }
    if (heartbeatAge == null || !(heartbeatAge.metricValue() instanceof Number seconds)) {
      return Optional.empty();
    }
    if (Double.isNaN(seconds.doubleValue()) || seconds.doubleValue() < 0) {
      return Optional.of(WorkerStatus.NEVER); // the client's value before its first heartbeat
    }
    return Optional.of(Duration.ofMillis((long) Math.min(WorkerStatus.NEVER.toMillis(), seconds.doubleValue() * 1000)));
  }

  private static int attemptOf(ConsumerRecord<String, byte[]> record) {
    Header h = record.headers().lastHeader(ATTEMPT_HEADER);
    try {
      return h == null ? 1 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Stops like a kill from the job's side: FFmpeg killed, nothing committed; the group reassigns the job. */
  @Override
  public void close() {
    closing.set(true);
    FfmpegEngine engine = currentEngine;
    if (engine != null) {
      engine.cancel();
    }
    consumer.wakeup();
  }
}
