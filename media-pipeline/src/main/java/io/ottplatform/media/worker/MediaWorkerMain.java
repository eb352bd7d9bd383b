package io.ottplatform.media.worker;

import io.ottplatform.config.Settings;
import io.ottplatform.health.HealthEndpoint;
import io.ottplatform.media.MediaPipelineConfig;
import io.ottplatform.media.MediaServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's entry point: {@code MediaWorkerMain [--config FILE] [--set key=value]... [--help]}. */
public final class MediaWorkerMain {

  private static final Logger LOG = LoggerFactory.getLogger(MediaWorkerMain.class);

  private MediaWorkerMain() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    Settings settings = Settings.load("media-pipeline", args, System.getenv());
    MediaPipelineConfig config = MediaPipelineConfig.read(settings);
    if (settings.helpRequested()) {
      System.out.println("MediaWorkerMain: encodes media.jobs into the origin (a member of a consumer group)\n"
          + settings.help());
      return;
    }
    settings.finish();
    MediaServices services = MediaServices.from(config);
    WorkerStatus status = new WorkerStatus(Clock.systemUTC());
    MediaWorker worker = new MediaWorker(hostName() + "-" + ProcessHandle.current().pid(), config.bootstrap(),
        config.groupId(), config.maxAttempts(), config.progressInterval(), config.sessionTimeout(), services.pipeline(),
        services.binaries(), status);
    // started before the loop: a taken port stops the worker at once, naming health.port
    HealthEndpoint health = new WorkerHealth(status, config.health().maxPollAge(), config.sessionTimeout())
        .serve(config.health());
    LOG.info("health on {} (metrics on /metrics)", health.url("/healthcheck"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      worker.run();
    } finally {
      health.close();
      stopped.countDown();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "worker";
    }
  }
}
