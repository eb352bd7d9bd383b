package io.ottplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.simulator.sink.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorCliTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private static SimulatorCli.Plan plan(String... args) throws Exception {
    Settings s = Settings.load("player-simulator", SimulatorCli.settingsArgs(args), Map.of());
    SimulatorCli.Plan plan = SimulatorCli.read(s, NOW);
    s.finish();
    return plan;
  }

  @Test
  void theDocumentedFlagsAreSettings() throws Exception {
    SimulatorCli.Plan p = plan("--target", "http://127.0.0.1:8081", "--token-key", "k.pem", "--seed", "9",
        "--viewers=30", "--mean-watch", "2m", "--gzip", "--speed", "10");
    assertThat(p.target()).isEqualTo("http://127.0.0.1:8081");
    assertThat(p.fleet().seed()).isEqualTo(9);
    assertThat(p.fleet().viewers()).isEqualTo(30);
    assertThat(p.fleet().meanWatch()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.gzip()).isTrue();
    assertThat(p.speed()).isEqualTo(10.0);
    assertThat(plan("--keygen", "/tmp/k").keygen()).hasToString("/tmp/k");
    assertThat(plan("--set", "kafka=127.0.0.1:9092", "--set", "events=400").events()).isEqualTo(400);
  }

  @Test
  void aPacedFleetStartsFarEnoughBackThatItsClockStaysBehindRealTime() throws Exception {
    SimulatorCli.Plan p = plan("--target", "http://x", "--token-key", "k.pem", "--speed", "10");
    // 10 m arrivals + 2 x 8 m watch = 26 m of player time, played in 2.6 m: start 23.4 m back
    assertThat(p.fleet().start()).isEqualTo(NOW.minus(Duration.ofSeconds(26 * 60 * 9 / 10)));
    assertThat(plan("--target", "http://x", "--token-key", "k.pem").fleet().start())
        .as("unpaced views already happened").isEqualTo(NOW.minus(Duration.ofHours(12)));
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    assertThatThrownBy(() -> plan("--target", "http://x", "--viewers", "many", "--heartbeat", "soon", "--bogus", "1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("viewers = 'many'")
        .hasMessageContaining("heartbeat = 'soon'")
        .hasMessageContaining("unknown key 'bogus'")
        .hasMessageContaining("exactly one token source");
    assertThatThrownBy(() -> plan("--target", "http://x", "--serving", "http://y"))
        .hasMessageContaining("serving needs identities");
    assertThatThrownBy(() -> plan("--viewers", "3")).hasMessageContaining("target, kafka or keygen");
  }

  @Test
  void helpListsEverySetting() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int code = SimulatorCli.run(new String[] {"--help"}, new PrintStream(buffer, true, StandardCharsets.UTF_8), Map.of());
    String help = buffer.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(help).contains("usage: SimulatorCli", "target", "serving", "token-key", "viewers", "seed", "identities",
        "keygen", "speed", "expected", "max-queued-events", "retry-max");
  }

  @Test
  void writesTheSdkJsonWithoutTheTokenIds() {
    SimulatedView v = new FleetSimulator(SimulatorConfig.defaults(3, 1)).view(0);
    String json = EventJson.array(v.events().subList(0, 2));
    assertThat(json).startsWith("[{\"event_id\":\"" + v.events().get(0).getEventId() + "\",\"session_id\":\""
        + v.sessionId() + "\",\"sequence\":0,\"event_type\":\"VIEW_START\",\"client_ts\":");
    assertThat(json).doesNotContain("account_id", "profile_id", "title_id", "\"country\"");
    assertThat(json).contains("\"device\":{\"type\":", "\"player\":{\"name\":");
  }
}
