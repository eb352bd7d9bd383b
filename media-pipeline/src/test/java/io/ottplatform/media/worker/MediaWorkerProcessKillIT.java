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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as an operator runs it ({@code MediaWorkerMain}, its own JVM), killed with -9 mid-encode: no shutdown
 * hook runs, its FFmpeg child is orphaned. Another worker of the group takes the job after the session timeout in a
 * staging folder of its own (the orphan's is removed, so whatever the orphan still writes never mixes in), and the
 * title is published once.
 */
class MediaWorkerProcessKillIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir Path dir;

  @Test
  void aWorkerProcessKilledWithSigkillLeavesItsJobToTheGroup() throws Exception {
    Path source = TestSources.make(dir, "long.mp4", "testsrc2", 848, 480, 25, 30, true);
    Path originDir = dir.resolve("origin");
    List<String> settings = List.of("--set", "kafka.bootstrap=" + KAFKA.bootstrapServers(),
        "--set", "worker.group-id=group-sigkill", "--set", "worker.session-timeout=8s",
        "--set", "worker.progress-interval=200ms", "--set", "origin-dir=" + originDir,
        "--set", "work-dir=" + dir.resolve("work"), "--set", "keys.dir=" + dir.resolve("keys"),
        "--set", "keys.master-key-file=" + dir.resolve("master.key"), "--set", "encode.preset=ultrafast",
        "--set", "encode.per-title=false", "--set", "encode.poster=false", "--set", "encode.thumbnail-interval=0");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), MediaWorkerMain.class.getName()));
    command.addAll(settings);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("OTT_"));
    Process child = pb.start();
    String childTag = "-" + child.pid() + "]";
    MediaWorker survivor = null;
    Thread survivorThread = null;
    try (KafkaConsumer<String, byte[]> progress = reader()) {
      submit("job-sigkill", "title-sigkill", source);
      List<MediaJobProgress> seen = new CopyOnWriteArrayList<>();
      await().atMost(90, TimeUnit.SECONDS).until(() -> {
        progress.poll(Duration.ofMillis(200)).forEach(r ->
            seen.add(Topics.MEDIA_JOB_PROGRESS.valueSerde().deserializer().deserialize(r.topic(), r.value())));
        assertThat(child.isAlive()).as("child worker died early: %s", log()).isTrue();
        return seen.stream().anyMatch(p -> p.getState() == MediaJobState.ENCODING && p.getMessage().contains(childTag)
            && p.getPercent() > 12);
      });
      List<ProcessHandle> ffmpegs = child.descendants().filter(p -> p.info().command().orElse("").endsWith("ffmpeg")).toList();
      assertThat(ffmpegs).as("the child is encoding").isNotEmpty();

      child.destroyForcibly(); // kill -9
      child.waitFor(30, TimeUnit.SECONDS);
      assertThat(new LocalOrigin(originDir).publishedJob("title-sigkill")).isEmpty();

      SecureRandom random = new SecureRandom();
      MediaPipeline pipeline = new MediaPipeline(new LocalOrigin(originDir),
          new FileKeyStore(dir.resolve("keys"), MasterKey.fromConfig("", dir.resolve("master.key"), random), random),
          new PipelineOptions("http://127.0.0.1:8090/v1/keys/{titleId}/hls", dir.resolve("work"), false,
              Optional.of("ultrafast"), Optional.empty(), false));
      survivor = new MediaWorker("survivor", KAFKA.bootstrapServers(), "group-sigkill", 3, Duration.ofMillis(200),
          Duration.ofSeconds(8), pipeline, TestSources.FFMPEG);
      survivorThread = new Thread(survivor::run, "survivor");
      survivorThread.start();

      await().atMost(150, TimeUnit.SECONDS).until(() -> {
        progress.poll(Duration.ofMillis(200)).forEach(r ->
            seen.add(Topics.MEDIA_JOB_PROGRESS.valueSerde().deserializer().deserialize(r.topic(), r.value())));
        return seen.stream().anyMatch(p -> p.getState() == MediaJobState.DONE);
      });
      MediaJobProgress done = seen.stream().filter(p -> p.getState() == MediaJobState.DONE).findFirst().orElseThrow();
      assertThat(done.getMessage()).startsWith("[survivor]");
      await("the orphaned FFmpeg ends (finished, or failed once its folder was removed)").atMost(60, TimeUnit.SECONDS)
          .until(() -> ffmpegs.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      if (survivor != null) {
        survivor.close();
        survivorThread.join(30_000);
      }
      child.destroyForcibly();
    }
    assertThat(new LocalOrigin(originDir).publishedJob("title-sigkill")).contains("job-sigkill");
    assertThat(originDir.resolve("title-sigkill/manifest.mpd")).isNotEmptyFile();
    assertThat(originDir.resolve(".staging")).isEmptyDirectory();
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("child.log"));
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }

  private static void submit(String jobId, String titleId, Path source) {
    MediaJob job = MediaJob.newBuilder().setJobId(jobId).setTitleId(titleId).setSourceUri(source.toString())
        .setLadder("").setEncryption(MediaEncryption.NONE).setRequestedAt(Instant.now()).build();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<String, MediaJob> producer = new KafkaProducer<>(p, Topics.MEDIA_JOBS.keySerde().serializer(),
        Topics.MEDIA_JOBS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.MEDIA_JOBS.name(), jobId, job));
    }
  }

  private static KafkaConsumer<String, byte[]> reader() {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.MEDIA_JOB_PROGRESS.name()));
    return consumer;
  }
}
