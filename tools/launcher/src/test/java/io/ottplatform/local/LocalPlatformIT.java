package io.ottplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.local.LocalPlatform.ComponentStatus;
import io.ottplatform.local.demo.KafkaRoundTrip;
import io.ottplatform.local.demo.SampleSession;
import io.ottplatform.schemas.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle behind {@code ./ott up|status|down|reset}, on its own ports, databases and state folder. */
class LocalPlatformIT {

  @TempDir static Path home;
  private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
  private static LocalPlatform platform;

  private static Map<String, String> env(int kafkaPort) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OTT_HOME", home.toString());
    env.put("OTT_KAFKA_PORT", Integer.toString(kafkaPort));
    env.put("OTT_KAFKA_CONTROLLER_PORT", Integer.toString(Ports.freePort()));
    env.put("OTT_TRINO_PORT", Integer.toString(Ports.freePort()));
    env.put("OTT_DB", "ott_it_platform");
    env.put("OTT_LAKE_DB", "ott_it_platform_lake");
    return env;
  }

  @AfterAll
  static void cleanUp() {
    if (platform != null) {
      platform.reset();
    }
  }

  @Test
  void upStatusRoundTripDownLifecycle() throws Exception {
    PlatformConfig config = PlatformConfig.from(env(Ports.freePort()));
    platform = new LocalPlatform(config, new PrintStream(OUTPUT, true));
    config.postgres().dropDatabase(config.database()); // left over by a crashed earlier run
    config.postgres().dropDatabase(config.lakeDatabase());
    assertThat(platform.status()).filteredOn(row -> row.name().equals("postgres")).singleElement()
        .satisfies(row -> assertThat(row.healthy()).isFalse())
        .satisfies(row -> assertThat(row.detail())
            .isEqualTo("reachable; databases ott_it_platform, ott_it_platform_lake missing (./ott up creates them)"));

    platform.up();

    List<ComponentStatus> status = platform.status();
    assertThat(status).extracting(ComponentStatus::name).containsExactly("kafka", "postgres", "trino");
    assertThat(status).allSatisfy(row -> assertThat(row.healthy()).as(row.toString()).isTrue());

    try (Connection c = DriverManager.getConnection("jdbc:trino://127.0.0.1:" + config.trinoPort() + "/lake", "it", null);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    // the live tables' catalog next to the lake: Trino reads the platform's PostgreSQL database
    try (Connection c = DriverManager.getConnection("jdbc:trino://127.0.0.1:" + config.trinoPort() + "/lake", "it", null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM postgresql.information_schema.schemata WHERE schema_name = 'public'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).as("the postgresql catalog's public schema").isEqualTo(1);
    }
    var events = SampleSession.events("platform-it", Instant.now());
    assertThat(KafkaRoundTrip.run(config.kafkaBootstrap(), Topics.PLAYBACK_EVENTS, events)).containsExactlyElementsOf(events);

    long kafkaPid = Long.parseLong(Files.readString(config.runDir().resolve("kafka.pid")).trim());
    long trinoPid = Long.parseLong(Files.readString(config.runDir().resolve("trino.pid")).trim());

    platform.up(); // idempotent: nothing restarted
    assertThat(OUTPUT.toString()).contains("kafka      already running").contains("trino      already running");
    assertThat(Files.readString(config.runDir().resolve("kafka.pid")).trim()).isEqualTo(Long.toString(kafkaPid));

    assertThat(platform.down()).isEqualTo(2);
    assertThat(ProcessHandle.of(kafkaPid).filter(ProcessHandle::isAlive)).as("kafka process after down").isEmpty();
    assertThat(ProcessHandle.of(trinoPid).filter(ProcessHandle::isAlive)).as("trino process after down").isEmpty();
    assertThat(platform.status()).filteredOn(row -> !row.name().equals("postgres"))
        .allSatisfy(row -> assertThat(row.healthy()).isFalse());
    assertThat(Files.exists(home.resolve("kafka/data/meta.properties"))).as("down keeps the data").isTrue();
  }

  @Test
  void upFailsNamingTheKafkaPortWhenItIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> env = env(taken.getLocalPort());
      env.put("OTT_HOME", home.resolve("taken").toString());
      LocalPlatform blocked = new LocalPlatform(PlatformConfig.from(env), new PrintStream(new ByteArrayOutputStream()));

      assertThatThrownBy(blocked::up)
          .isInstanceOf(PlatformException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("Kafka broker")
          .hasMessageContaining("OTT_KAFKA_PORT");
      assertThat(Optional.ofNullable(home.resolve("taken/run/kafka.pid").toFile().exists() ? "pid" : null)).isEmpty();
    }
  }
}
