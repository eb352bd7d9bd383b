package io.ottplatform.testsupport;

import io.ottplatform.local.KafkaBroker;
import io.ottplatform.local.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft Kafka broker for one test class, on free ports, with every topic of the registry
 * created. Tests may stop, kill and restart it (same ports, same data) to exercise failures.
 *
 * <pre>{@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

  private Path dir;
  private KafkaBroker broker;
  private Thread reaper;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("ott-kafka-");
    broker = new KafkaBroker(dir, Ports.freePort(), Ports.freePort(), "512m");
    broker.start(false, Duration.ofSeconds(90));
    // a crashed test JVM must not leave a broker behind
    reaper = new Thread(() -> broker.process().ifPresent(ProcessHandle::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(reaper);
    broker.createTopics();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (broker != null) {
        broker.kill(); // the data is thrown away, so a controlled shutdown buys nothing
      }
    } finally {
      if (reaper != null) {
        Runtime.getRuntime().removeShutdownHook(reaper);
      }
      deleteRecursively(dir);
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public KafkaBroker broker() {
    return broker;
  }

  /** Controlled shutdown; the data stays for {@link #restart()}. */
  public void stop() {
    broker.stop();
  }

  /** A crash: SIGKILL. */
  public void kill() {
    broker.kill();
  }

  /** Starts the broker again on the same ports over the same data. */
  public void restart() {
    broker.start(false, Duration.ofSeconds(90));
  }

  static void deleteRecursively(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + path, e);
    }
  }
}
