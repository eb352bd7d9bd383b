package io.ottplatform.serving.media;

import io.dropwizard.lifecycle.Managed;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code media.jobs.progress} into {@code media_jobs} on its own thread, started and stopped with the
 * service. One consumer group for every serving-api instance: each report is applied once; offsets are
 * committed after the batch is stored, so a crash re-applies reports (harmless: the latest updated_at wins).
 */
public final class MediaProgressConsumer implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(MediaProgressConsumer.class);
  public static final String GROUP = "serving-api-media-progress";

  private final String bootstrapServers;
  private final MediaJobProgressHandler handler;
  private volatile KafkaConsumer<String, MediaJobProgress> consumer;
  private volatile boolean running;
  private Thread thread;

  public MediaProgressConsumer(String bootstrapServers, MediaJobProgressHandler handler) {
    this.bootstrapServers = bootstrapServers;
    this.handler = handler;
  }

  @Override
  public void start() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "serving-api-media-progress");
    consumer = new KafkaConsumer<>(p, Topics.MEDIA_JOB_PROGRESS.keySerde().deserializer(),
        Topics.MEDIA_JOB_PROGRESS.valueSerde().deserializer());
    running = true;
    thread = new Thread(this::run, "media-progress-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.MEDIA_JOB_PROGRESS.name()));
      while (running) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, MediaJobProgress> r : records) {
          try {
            handler.apply(r.value());
          } catch (RuntimeException e) {
            // a report that cannot be stored is logged, not retried forever: the next report of the job replaces it
            LOG.warn("media job progress {} at offset {} not stored: {}", r.key(), r.offset(), e.toString());
          }
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // stop() asked
    } catch (RuntimeException e) {
      LOG.error("media progress consumer stopped: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      thread.join(10_000);
    }
  }
}
