package io.ottplatform.guard;

import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the concurrency guard: {@code java -cp ... io.ottplatform.guard.GuardMain --bootstrap host:9092
 * --http-port 8095}. Reads the config, builds the topology, starts the query API; stops on SIGTERM.
 */
public final class GuardMain {

  private GuardMain() {}

  public static void main(String[] args) throws Exception {
    GuardConfig config = GuardConfig.load(args, System.getenv());
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
      KafkaStreams streams = new KafkaStreams(ConcurrencyGuard.buildTopology(config),
          config.streamsProperties(http.port()));
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
