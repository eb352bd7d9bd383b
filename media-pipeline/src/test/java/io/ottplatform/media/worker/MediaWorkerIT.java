package io.ottplatform.media.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.media.MediaPipeline;
import io.ottplatform.media.PipelineOptions;
import io.ottplatform.media.TestSources;
import io.ottplatform.media.keys.FileKeyStore;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.origin.LocalOrigin;
import io.ottplatform.schemas.avro.MediaEncryption;
import io.ottplatform.schemas.avro.MediaJob;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.MediaJobState;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Workers of one consumer group on a real KRaft broker, encoding with real FFmpeg. */
class MediaWorkerIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir static Path dir;
  static MediaPipeline pipeline;
  static LocalOrigin origin;

  private final List<MediaWorker> workers = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void pipeline() {
    origin = new LocalOrigin(dir.resolve("origin"));
    SecureRandom random = new SecureRandom();
    pipeline = new MediaPipeline(origin,
        new FileKeyStore(dir.resolve("keys"), MasterKey.fromConfig("", dir.resolve("master.key"), random), random),
        new PipelineOptions("http://127.0.0.1:8090/v1/keys/{titleId}/hls", dir.resolve("work"), false,
            Optional.of("ultrafast"), Optional.empty(), false));
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    workers.forEach(MediaWorker::close);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }

  private MediaWorker startWorker(String id, String group, int maxAttempts) {
    MediaWorker worker = new MediaWorker(id, KAFKA.bootstrapServers(), group, maxAttempts, Duration.ofMillis(200),
        Duration.ofSeconds(10), pipeline, TestSources.FFMPEG);
    Thread t = new Thread(worker::run, "worker-" + id);
    t.start();
    workers.add(worker);
    threads.add(t);
    return worker;
  }

  private static void submit(String jobId, String titleId, Path source) {
    MediaJob job = MediaJob.newBuilder().setJobId(jobId).setTitleId(titleId).setSourceUri(source.toUri().toString())
        .setLadder("default-h264").setEncryption(MediaEncryption.NONE).setRequestedBy("editor@example.com")
        .setRequestedAt(Instant.now()).build();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<String, MediaJob> producer = new KafkaProducer<>(p, Topics.MEDIA_JOBS.keySerde().serializer(),
        Topics.MEDIA_JOBS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.MEDIA_JOBS.name(), jobId, job));
    }
  }

  private static KafkaConsumer<String, byte[]> reader(String topic) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static MediaJobProgress progress(ConsumerRecord<String, byte[]> r) {
    return Topics.MEDIA_JOB_PROGRESS.valueSerde().deserializer().deserialize(r.topic(), r.value());
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void aPoisonJobLandsInTheDeadLetterAtOnceWithItsReason() throws Exception {
    Path notVideo = Files.writeString(dir.resolve("invoice.mp4"), "not a video at all\n".repeat(20));
    startWorker("w-poison", "group-poison", 3);
    submit("job-poison", "title-poison", notVideo);
    List<ConsumerRecord<String, byte[]>> dead = new CopyOnWriteArrayList<>();
    List<MediaJobProgress> states = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, byte[]> dlq = reader(Topics.MEDIA_JOBS_DEAD_LETTER.name());
        KafkaConsumer<String, byte[]> prog = reader(Topics.MEDIA_JOB_PROGRESS.name())) {
      await().atMost(60, TimeUnit.SECONDS).until(() -> {
        dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
        prog.poll(Duration.ofMillis(50)).forEach(r -> states.add(progress(r)));
        return dead.stream().anyMatch(r -> r.key().equals("job-poison"))
            && states.stream().anyMatch(s -> s.getJobId().equals("job-poison") && s.getState() == MediaJobState.FAILED);
      });
    }
    ConsumerRecord<String, byte[]> record = dead.stream().filter(r -> r.key().equals("job-poison")).findFirst().orElseThrow();
    assertThat(header(record, MediaWorker.REASON_HEADER))
        .isEqualTo("the file invoice.mp4 is not a media file FFmpeg can read (Invalid data found when processing input)");
    assertThat(header(record, "ott-attempts")).as("bad input is not retried").isEqualTo("1");
    assertThat(Topics.MEDIA_JOBS_DEAD_LETTER.valueSerde().deserializer().deserialize("x", record.value()).getTitleId())
        .isEqualTo("title-poison");
    assertThat(origin.titleDir("title-poison")).doesNotExist();
  }

  @Test
  void aJobThatKeepsFailingIsDeadLetteredAfterMaxAttempts() {
    startWorker("w-retry", "group-retry", 2);
    submit("job-missing", "title-missing", dir.resolve("never-uploaded.mp4"));
    List<ConsumerRecord<String, byte[]>> dead = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, byte[]> dlq = reader(Topics.MEDIA_JOBS_DEAD_LETTER.name())) {
      await().atMost(60, TimeUnit.SECONDS).until(() -> {
        dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
        return dead.stream().anyMatch(r -> r.key().equals("job-missing"));
      });
    }
    ConsumerRecord<String, byte[]> record = dead.stream().filter(r -> r.key().equals("job-missing")).findFirst().orElseThrow();
    assertThat(header(record, "ott-attempts")).isEqualTo("2");
    assertThat(header(record, MediaWorker.REASON_HEADER)).contains("never-uploaded.mp4 does not exist")
        .endsWith("(after 2 attempts)");
  }

  @Test
  void aWorkerKilledMidEncodeLeavesTheJobToAnotherOfTheGroup() {
    Path source = TestSources.make(dir, "feature.mp4", "testsrc2", 848, 480, 25, 30, true);
    MediaWorker a = startWorker("w-a", "group-kill", 3);
    MediaWorker b = startWorker("w-b", "group-kill", 3);
    Map<String, MediaWorker> byId = Map.of("w-a", a, "w-b", b);
    submit("job-kill", "title-kill", source);
    List<MediaJobProgress> states = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, byte[]> prog = reader(Topics.MEDIA_JOB_PROGRESS.name())) {
      await().atMost(90, TimeUnit.SECONDS).until(() -> {
        prog.poll(Duration.ofMillis(100)).forEach(r -> states.add(progress(r)));
        return states.stream().anyMatch(s -> s.getJobId().equals("job-kill") && s.getState() == MediaJobState.ENCODING);
      });
      String first = workerOf(states.stream().filter(s -> s.getState() == MediaJobState.ENCODING).findFirst().orElseThrow());
      byId.get(first).close(); // killed mid-encode: FFmpeg killed, no offset committed
      assertThat(origin.publishedJob("title-kill")).as("killed before it could publish").isEmpty();
      String second = first.equals("w-a") ? "w-b" : "w-a";

      await().atMost(120, TimeUnit.SECONDS).until(() -> {
        prog.poll(Duration.ofMillis(200)).forEach(r -> states.add(progress(r)));
        return states.stream().anyMatch(s -> s.getJobId().equals("job-kill") && s.getState() == MediaJobState.DONE);
      });
      MediaJobProgress done = states.stream().filter(s -> s.getState() == MediaJobState.DONE).findFirst().orElseThrow();
      assertThat(workerOf(done)).as("the other worker of the group finished it").isEqualTo(second);
      assertThat(done.getHlsManifest()).isEqualTo("title-kill/master.m3u8");
    }
    assertThat(origin.publishedJob("title-kill")).contains("job-kill");
    assertThat(origin.titleDir("title-kill").resolve("manifest.mpd")).isNotEmptyFile();
    assertThat(dir.resolve("origin/.staging")).isEmptyDirectory();
  }

  private static String workerOf(MediaJobProgress p) {
    String m = p.getMessage();
    return m.substring(1, m.indexOf(']'));
  }
}
