package io.ottplatform.media.worker;

import io.ottplatform.config.Settings;
import io.ottplatform.media.MediaPipelineConfig;
import io.ottplatform.media.MediaServices;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;

/** The worker's entry point: {@code MediaWorkerMain [--config FILE] [--set key=value]... [--help]}. */
public final class MediaWorkerMain {

  private MediaWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Settings settings = Settings.load("media-pipeline", args, System.getenv());
    MediaPipelineConfig config = MediaPipelineConfig.read(settings);
    if (settings.helpRequested()) {
      System.out.println("MediaWorkerMain: encodes media.jobs into the origin (a member of a consumer group)\n"
          + settings.help());
      return;
    }
    settings.finish();
    MediaServices services = MediaServices.from(config);
    MediaWorker worker = new MediaWorker(hostName() + "-" + ProcessHandle.current().pid(), config.bootstrap(),
        config.groupId(), config.maxAttempts(), config.progressInterval(), config.sessionTimeout(), services.pipeline(), services.binaries());
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
