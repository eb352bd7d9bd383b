package io.ottplatform.local;

import io.ottplatform.schemas.kafka.Topic;
import io.ottplatform.schemas.kafka.TopicCreation;
import io.ottplatform.schemas.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run as a child JVM
 * from the kafka_2.13 jars. Used by {@code ./ott up} (detached) and by integration tests, which also
 * stop, kill and restart it to prove that nothing acknowledged is lost.
 */
public final class KafkaBroker {

  /** Appears in the broker's command line; {@code ./ott down} checks it before signalling a pid. */
  public static final String MARKER = "-Dott.component=kafka";

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String heap;
  private ProcessHandle process;

  public KafkaBroker(Path dir, int port, int controllerPort, String heap) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.controllerPort = controllerPort;
    this.heap = heap;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return dir.resolve("logs/broker.out");
  }

  public Optional<ProcessHandle> process() {
    return Optional.ofNullable(process).filter(ProcessHandle::isAlive);
  }

  /** Formats the storage on first use, starts the broker and waits until it answers. */
  public KafkaBroker start(boolean detach, Duration timeout) {
    Ports.requireFree(port, "the Kafka broker", "OTT_KAFKA_PORT");
    Ports.requireFree(controllerPort, "the Kafka controller", "OTT_KAFKA_CONTROLLER_PORT");
    Path config = writeConfig();
    if (!Files.exists(dir.resolve("data/meta.properties"))) {
      ChildProcess.run(List.of(JavaHomes.currentJava().toString(), "-Xmx256m", "-cp", RuntimeClasspath.brokerClasspath(),
              "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
              "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
          dir, dir.resolve("logs/format.out"), Duration.ofSeconds(60));
    }
    Process child = ChildProcess.start(List.of(
        JavaHomes.currentJava().toString(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
        "-Djava.awt.headless=true", MARKER,
        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
        "-cp", RuntimeClasspath.brokerClasspath(), "kafka.Kafka", config.toString()),
        dir, logFile(), detach);
    process = child.toHandle();
    awaitReady(timeout);
    return this;
  }

  /** Re-attaches to a broker started earlier (by {@code ./ott up}). */
  public static Optional<ProcessHandle> running(Path pidFile) {
    return ChildProcess.fromPidFile(pidFile, MARKER);
  }

  /** Controlled shutdown (SIGTERM), then SIGKILL after the grace period. */
  public void stop() {
    process().ifPresent(p -> ChildProcess.stop(p, Duration.ofSeconds(30)));
  }

  /** Simulates a crash: SIGKILL, no controlled shutdown. */
  public void kill() {
    process().ifPresent(ChildProcess::kill);
  }

  public boolean isHealthy() {
    return isHealthy(bootstrapServers());
  }

  public static boolean isHealthy(String bootstrap) {
    if (!Ports.isListening("127.0.0.1", Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)))) {
      return false;
    }
    try (Admin admin = admin(bootstrap)) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Creates every topic of the registry that does not exist yet and returns once their partitions
   * accept writes ({@link TopicCreation}); returns the names it created.
   */
  public static List<String> createTopics(String bootstrap, List<Topic<String, ?>> topics) {
    try (Admin admin = admin(bootstrap)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream()
          .filter(t -> !existing.contains(t.name()))
          .map(t -> t.toNewTopic((short) 1))
          .collect(Collectors.toList());
      TopicCreation.create(admin, missing, Duration.ofSeconds(60));
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new PlatformException("cannot create topics on " + bootstrap + ": " + e.getCause().getMessage(), e);
    } catch (Exception e) {
      throw new PlatformException("cannot create topics on " + bootstrap + ": " + e, e);
    }
  }

  public List<String> createTopics() {
    return createTopics(bootstrapServers(), Topics.ALL);
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(props);
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new PlatformException("the Kafka broker exited during start-up; its log " + logFile() + " ends with:\n"
            + ChildProcess.tail(logFile(), 30));
      }
      if (isHealthy()) {
        return;
      }
      sleep(200);
    }
    throw new PlatformException("the Kafka broker did not become ready on " + bootstrapServers() + " within "
        + timeout + "; see " + logFile());
  }

  private Path writeConfig() {
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.createDirectories(dir.resolve("logs"));
      String properties = String.join("\n",
          "# Written by the launcher (KafkaBroker); a single combined broker+controller node.",
          "process.roles=broker,controller",
          "node.id=1",
          "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
          "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
          "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
          "controller.listener.names=CONTROLLER",
          "inter.broker.listener.name=PLAINTEXT",
          "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
          "log.dirs=" + dir.resolve("data"),
          "num.partitions=2",
          "auto.create.topics.enable=false",
          "offsets.topic.replication.factor=1",
          "offsets.topic.num.partitions=4",
          "transaction.state.log.replication.factor=1",
          "transaction.state.log.min.isr=1",
          "transaction.state.log.num.partitions=4",
          "share.coordinator.state.topic.replication.factor=1",
          "share.coordinator.state.topic.min.isr=1",
          "group.initial.rebalance.delay.ms=0",
          "num.network.threads=2",
          "num.io.threads=4",
          "log.segment.bytes=268435456",
          "");
      Path config = dir.resolve("server.properties");
      Files.writeString(config, properties);
      Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
          "status = warn",
          "appender.file.type = RollingFile",
          "appender.file.name = FILE",
          "appender.file.fileName = " + dir.resolve("logs/server.log"),
          "appender.file.filePattern = " + dir.resolve("logs/server.log.%i"),
          "appender.file.layout.type = PatternLayout",
          "appender.file.layout.pattern = [%d] %p %m (%c)%n",
          "appender.file.policies.type = Policies",
          "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
          "appender.file.policies.size.size = 50MB",
          "appender.file.strategy.type = DefaultRolloverStrategy",
          "appender.file.strategy.max = 3",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.file.ref = FILE",
          "logger.state.name = state.change.logger",
          "logger.state.level = WARN",
          ""));
      return config;
    } catch (IOException e) {
      throw new PlatformException("cannot write the Kafka configuration under " + dir + ": " + e.getMessage(), e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted", e);
    }
  }
}
