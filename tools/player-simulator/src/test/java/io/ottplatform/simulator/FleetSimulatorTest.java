package io.ottplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

  @Test
  void theSameSeedGivesTheSameViewsAndAnotherSeedOthers() {
    List<SimulatedView> a = new FleetSimulator(SimulatorConfig.defaults(42, 200)).views().toList();
    List<SimulatedView> b = new FleetSimulator(SimulatorConfig.defaults(42, 200)).views().toList();
    List<SimulatedView> c = new FleetSimulator(SimulatorConfig.defaults(43, 200)).views().toList();

    assertThat(a).isEqualTo(b);
    assertThat(a.get(0).sessionId()).isNotEqualTo(c.get(0).sessionId());
  }

  @Test
  void everyViewIsWellFormed() {
    Set<String> eventIds = new HashSet<>();
    Set<String> sessions = new HashSet<>();
    new FleetSimulator(SimulatorConfig.defaults(7, 3_000)).views().forEach(v -> {
      assertThat(sessions.add(v.sessionId())).isTrue();
      List<PlaybackEvent> events = v.events();
      assertThat(events.get(0).getEventType()).isEqualTo(EventType.VIEW_START);
      assertThat(events.get(events.size() - 1).getEventType()).isEqualTo(EventType.VIEW_END);
      long previousTs = Long.MIN_VALUE;
      for (int i = 0; i < events.size(); i++) {
        PlaybackEvent e = events.get(i);
        assertThat(e.getSequence()).isEqualTo(i);
        assertThat(eventIds.add(e.getEventId())).as("unique event id").isTrue();
        assertThat(e.getSessionId()).isEqualTo(v.sessionId());
        assertThat(e.getAccountId()).isEqualTo(v.accountId());
        long ts = e.getClientTs().toEpochMilli();
        assertThat(ts).as("client_ts never goes back").isGreaterThanOrEqualTo(previousTs);
        assertThat(ts - Math.max(previousTs, ts - 10_000)).as("no gap beyond a heartbeat").isLessThanOrEqualTo(10_000);
        previousTs = ts;
        if (e.getEventType() == EventType.HEARTBEAT && v.expected().hasFirstFrame()
            && e.getClientTs().isAfter(firstPlaying(events))) {
          assertThat(e.getBitrateKbps()).isNotNull();
          assertThat(e.getPlayheadMs()).isNotNull();
          assertThat(e.getBufferMs()).isNotNull();
        }
      }
      ExpectedQoe q = v.expected();
      int outcomes = (q.exitBeforeVideoStart() ? 1 : 0) + (q.videoStartFailure() ? 1 : 0) + (q.hasFirstFrame() ? 1 : 0);
      assertThat(outcomes).as("exactly one of EBVS, VSF, first frame").isEqualTo(1);
      assertThat(q.watchTimeMs()).isGreaterThanOrEqualTo(q.playingTimeMs() + q.rebufferDurationMs());
    });
  }

  @Test
  void theFleetShowsEveryBehaviourTheJobsMustHandle() {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Integer> sessionsPerAccount = new HashMap<>();
    new FleetSimulator(SimulatorConfig.defaults(11, 2_000)).views().forEach(v -> {
      ExpectedQoe q = v.expected();
      count(seen, "ebvs", q.exitBeforeVideoStart());
      count(seen, "vsf", q.videoStartFailure());
      count(seen, "vpf", q.videoPlaybackFailure());
      count(seen, "rebuffered", q.rebufferCount() > 0);
      count(seen, "upswitch", q.bitrateUpswitches() > 0);
      count(seen, "downswitch", q.bitrateDownswitches() > 0);
      count(seen, "dropped", q.droppedFrames() > 0);
      List<PlaybackEvent> e = v.events();
      long span = v.endTs().toEpochMilli() - v.startTs().toEpochMilli();
      count(seen, "paused", e.stream().anyMatch(x -> x.getEventType() == EventType.PAUSE) && q.watchTimeMs() < span);
      count(seen, "seek", e.stream().anyMatch(x -> x.getEventType() == EventType.SEEK_START));
      count(seen, "ended", e.stream().anyMatch(x -> x.getEventType() == EventType.ENDED));
      count(seen, "live", e.get(0).getStreamType() == io.ottplatform.schemas.avro.StreamType.LIVE);
      count(seen, "shortStall", shortStall(e));
      sessionsPerAccount.merge(v.accountId(), 1, Integer::sum);
    });
    assertThat(seen.keySet()).containsExactlyInAnyOrder("ebvs", "vsf", "vpf", "rebuffered", "upswitch", "downswitch",
        "dropped", "paused", "seek", "ended", "live", "shortStall");
    assertThat(seen.get("ebvs")).isBetween(40, 130);
    assertThat(sessionsPerAccount.values()).anyMatch(n -> n >= 3);
  }

  @Test
  void generatesAMillionEventsQuickly() {
    long t0 = System.nanoTime();
    long events = new FleetSimulator(SimulatorConfig.defaults(5, 20_000)).views().mapToLong(v -> v.events().size()).sum();
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("generated %,d events in %.2f s (%,.0f events/s)%n", events, seconds, events / seconds);
    assertThat(events).isGreaterThan(1_000_000);
  }

  private static java.time.Instant firstPlaying(List<PlaybackEvent> events) {
    return events.stream().filter(e -> e.getEventType() == EventType.PLAYING).findFirst().orElseThrow().getClientTs();
  }

  private static boolean shortStall(List<PlaybackEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).getEventType() == EventType.REBUFFER_END
          && events.get(i - 1).getEventType() == EventType.REBUFFER_START
          && events.get(i).getClientTs().toEpochMilli() - events.get(i - 1).getClientTs().toEpochMilli() < 250) {
        return true;
      }
    }
    return false;
  }

  private static void count(Map<String, Integer> seen, String key, boolean yes) {
    if (yes) {
      seen.merge(key, 1, Integer::sum);
    }
  }
}
