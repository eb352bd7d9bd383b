package io.ottplatform.guard;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the concurrency guard: {@code java -cp ... io.ottplatform.guard.GuardMain [--config FILE] [--set key=value]}
 * (see {@link GuardConfig#USAGE}). Reads the config, builds the topology, starts the query API; on SIGTERM closes
 * Kafka Streams cleanly, which writes its local state's checkpoint so the next start reuses it. After a crash
 * ({@code kill -9}) exactly-once processing discards the unclean local state and rebuilds it from the changelog
 * topics: nothing counted twice, nothing lost (docs/operations.md).
 */
public final class GuardMain {

  private GuardMain() {}

  public static void main(String[] args) throws Exception {
    Settings settings = GuardConfig.settings(args, System.getenv());
    GuardConfig config = GuardConfig.read(settings);
    if (settings.helpRequested()) {
      System.out.println(GuardConfig.USAGE);
      System.out.println(settings.help());
      return;
    }
    try {
      settings.finish();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    System.out.println("concurrency guard: state in " + config.stateDir());
    GuardApp app = GuardApp.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "guard-shutdown"));
    System.out.println("concurrency guard: http://" + config.advertisedHost() + ":" + app.httpPort()
        + "/accounts/{id}/streams");
    stopped.await();
  }

  /** The running guard: Kafka Streams plus its HTTP API. */
  public record GuardApp(KafkaStreams streams, GuardHttpServer http) implements AutoCloseable {

    public static GuardApp start(GuardConfig config) throws java.io.IOException {
      // the HTTP port is bound first: Kafka Streams advertises it as application.server
      GuardHttpServer http = new GuardHttpServer(config, System::currentTimeMillis);
      KafkaStreams streams;
      try {
        streams = new KafkaStreams(ConcurrencyGuard.buildTopology(config), config.streamsProperties(http.port()));
      } catch (RuntimeException e) {
        http.close();
        throw e;
      }
      http.start(streams);
      streams.start();
      return new GuardApp(streams, http);
    }

    public int httpPort() {
      return http.port();
    }

    @Override
    public void close() {
      http.close();
      streams.close(java.time.Duration.ofSeconds(10));
    }
  }
}
