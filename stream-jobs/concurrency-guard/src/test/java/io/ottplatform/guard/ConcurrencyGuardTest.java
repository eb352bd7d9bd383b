package io.ottplatform.guard;

import static io.ottplatform.guard.GuardEvents.T0;
import static io.ottplatform.guard.GuardEvents.event;
import static io.ottplatform.schemas.avro.EventType.HEARTBEAT;
import static io.ottplatform.schemas.avro.EventType.PLAYING;
import static io.ottplatform.schemas.avro.EventType.VIEW_END;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.schemas.avro.ConcurrencyEvent;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConcurrencyGuardTest {

  private GuardConfig config;
  private TopologyTestDriver driver;
  private TestInputTopic<String, PlaybackEvent> events;
  private TestInputTopic<String, AccountPlan> plans;
  private TestOutputTopic<String, ConcurrencyEvent> violations;

  @BeforeEach
  void setUp() throws Exception {
    config = GuardConfig.fromMap(Map.of("default-limit", "2", "heartbeat-interval", "10s",
        "api-token", GuardEvents.API_TOKEN, "state-dir", Files.createTempDirectory("guard-ttd").toString()));
    driver = new TopologyTestDriver(ConcurrencyGuard.buildTopology(config), config.streamsProperties(0), T0);
    events = driver.createInputTopic(Topics.PLAYBACK_EVENTS.name(),
        Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer());
    plans = driver.createInputTopic(Topics.ACCOUNT_PLANS.name(),
        Topics.ACCOUNT_PLANS.keySerde().serializer(), Topics.ACCOUNT_PLANS.valueSerde().serializer());
    violations = driver.createOutputTopic(Topics.CONCURRENCY_EVENTS.name(),
        Topics.CONCURRENCY_EVENTS.keySerde().deserializer(), Topics.CONCURRENCY_EVENTS.valueSerde().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void send(PlaybackEvent e) {
    events.pipeInput(e.getSessionId(), e, e.getServerTs());
  }

  private ConcurrencyGuard.ActiveStreams query(String account, long atMs) {
    KeyValueStore<String, ActiveSessions> sessions = driver.getKeyValueStore(ConcurrencyGuard.ACTIVE_SESSIONS_STORE);
    KeyValueStore<String, AccountPlan> planStore = driver.getKeyValueStore(ConcurrencyGuard.ACCOUNT_PLANS_STORE);
    return ConcurrencyGuard.query(sessions, planStore, config, account, T0.toEpochMilli() + atMs);
  }

  @Test
  void refusesTheStreamAboveTheLimitAndReportsIt() {
    send(event("acct", "s1", VIEW_START, 0));
    send(event("acct", "s2", VIEW_START, 1000));
    assertThat(violations.isEmpty()).isTrue();
    assertThat(query("acct", 1500).mayStartAnother()).as("at the limit: a third stream is refused").isFalse();

    send(event("acct", "s3", VIEW_START, 2000));
    ConcurrencyEvent v = violations.readValue();
    assertThat(v.getOffendingSessionId()).isEqualTo("s3");
    assertThat(v.getLimit()).isEqualTo(2);
    assertThat(v.getActiveSessions()).containsExactly("s1", "s2", "s3");
    assertThat(query("acct", 2500).sessionIds()).containsExactly("s1", "s2", "s3");
    assertThat(violations.isEmpty()).isTrue();

    send(event("acct", "s3", HEARTBEAT, 3000));
    assertThat(violations.isEmpty()).as("reported once, when the session started").isTrue();
  }

  @Test
  void endedSessionFreesItsSlot() {
    send(event("acct", "s1", VIEW_START, 0));
    send(event("acct", "s2", VIEW_START, 0));
    send(event("acct", "s1", VIEW_END, 5000));
    assertThat(query("acct", 5000).sessionIds()).containsExactly("s2");
    assertThat(query("acct", 5000).mayStartAnother()).isTrue();

    send(event("acct", "s3", VIEW_START, 6000));
    send(event("acct", "s1", HEARTBEAT, 6500)); // a straggler after VIEW_END is no stream
    assertThat(violations.isEmpty()).isTrue();
    assertThat(query("acct", 7000).sessionIds()).containsExactly("s2", "s3");
  }

  @Test
  void sessionSilentForTwoHeartbeatIntervalsFreesItsSlot() {
    send(event("acct", "s1", VIEW_START, 0));
    send(event("acct", "s2", VIEW_START, 0));
    send(event("acct", "s2", PLAYING, 15_000));
    assertThat(query("acct", 19_999).count()).isEqualTo(2);
    assertThat(query("acct", 20_000).sessionIds()).as("s1 silent for 20 s").containsExactly("s2");

    send(event("acct", "s3", VIEW_START, 20_000));
    assertThat(violations.isEmpty()).isTrue();
    assertThat(query("acct", 20_000).sessionIds()).containsExactly("s2", "s3");
  }

  @Test
  void idleAccountsAreForgottenByTheWallClockPunctuation() {
    send(event("acct", "s1", VIEW_START, 0));
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    KeyValueStore<String, ActiveSessions> sessions = driver.getKeyValueStore(ConcurrencyGuard.ACTIVE_SESSIONS_STORE);
    assertThat(sessions.get("acct")).as("state cleaned up").isNull();
  }

  @Test
  void planLimitFromTheCompactedTopicOverridesTheDefault() {
    plans.pipeInput("family", AccountPlan.newBuilder().setAccountId("family").setPlanId("premium")
        .setMaxConcurrentStreams(3).setUpdatedAt(T0).build());
    send(event("family", "s1", VIEW_START, 0));
    send(event("family", "s2", VIEW_START, 0));
    send(event("family", "s3", VIEW_START, 0));
    assertThat(violations.isEmpty()).isTrue();
    send(event("family", "s4", VIEW_START, 0));
    assertThat(violations.readValue().getLimit()).isEqualTo(3);
    assertThat(query("family", 0).limit()).isEqualTo(3);
    assertThat(query("other", 0).limit()).isEqualTo(2);
  }
}
