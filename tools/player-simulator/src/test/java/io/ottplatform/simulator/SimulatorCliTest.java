package io.ottplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.simulator.sink.EventJson;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorCliTest {

  @Test
  void readsDurationsTheWayPeopleWriteThem() {
    assertThat(SimulatorCli.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(SimulatorCli.duration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(SimulatorCli.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(SimulatorCli.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SimulatorCli.duration("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> SimulatorCli.duration("soon")).hasMessageContaining("soon");
  }

  @Test
  void optionsBecomeAConfig() throws Exception {
    Map<String, String> opts = SimulatorCli.parse(new String[] {"--seed", "9", "--viewers=30", "--mean-watch", "2m"});
    SimulatorConfig c = SimulatorCli.config(opts, 1, SimulatorConfig.DEFAULT_START);
    assertThat(c.seed()).isEqualTo(9);
    assertThat(c.viewers()).isEqualTo(30);
    assertThat(c.meanWatch()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> SimulatorCli.parse(new String[] {"stray"})).hasMessageContaining("stray");
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
