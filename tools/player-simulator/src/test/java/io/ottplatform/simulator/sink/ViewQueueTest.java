package io.ottplatform.simulator.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewQueueTest {

  record B(List<PlaybackEvent> events) implements ViewQueue.Batch {}

  private static final List<PlaybackEvent> EVENTS = longView().events();

  private static SimulatedView longView() {
    FleetSimulator fleet = new FleetSimulator(SimulatorConfig.defaults(5, 50));
    return fleet.views().filter(v -> v.events().stream().filter(e -> e.getEventType() == EventType.HEARTBEAT).count() > 20)
        .findFirst().orElseThrow();
  }

  private static B batch(int from, int to) {
    return new B(new ArrayList<>(EVENTS.subList(from, to)));
  }

  @Test
  void theHeadIsNeverTouchedAndTheRestStaysWithinTheBound() {
    ViewQueue<B> q = new ViewQueue<>(10);
    B head = batch(0, 8);
    assertThat(q.add(head)).isZero();
    int dropped = 0;
    for (int i = 8; i + 4 <= EVENTS.size(); i += 4) {
      dropped += q.add(batch(i, i + 4));
      assertThat(q.queuedEvents()).isLessThanOrEqualTo(10);
    }
    assertThat(q.head()).isSameAs(head);
    assertThat(head.events()).hasSize(8);
    assertThat(dropped).isEqualTo(EVENTS.size() / 4 * 4 - 8 - q.queuedEvents());
  }

  @Test
  void dropsTheOldestHeartbeatsFirst() {
    ViewQueue<B> q = new ViewQueue<>(6);
    q.add(batch(0, 1));
    B older = batch(1, 6);
    B newer = batch(6, 11);
    q.add(older);
    int dropped = q.add(newer);
    assertThat(dropped).isEqualTo(4);
    long heartbeatsBefore = EVENTS.subList(1, 11).stream().filter(e -> e.getEventType() == EventType.HEARTBEAT).count();
    long heartbeatsLeft = q.batches().stream().skip(1).flatMap(b -> b.events().stream())
        .filter(e -> e.getEventType() == EventType.HEARTBEAT).count();
    assertThat(heartbeatsLeft).isEqualTo(Math.max(0, heartbeatsBefore - 4));
    List<PlaybackEvent> kept = q.batches().stream().skip(1).flatMap(b -> b.events().stream()).toList();
    assertThat(kept).as("still in order").isSortedAccordingTo(
        (a, b) -> Long.compare(a.getSequence(), b.getSequence()));
  }

  @Test
  void advancingMovesTheNextBatchOutOfTheQueuedCount() {
    ViewQueue<B> q = new ViewQueue<>(100);
    q.add(batch(0, 3));
    q.add(batch(3, 7));
    assertThat(q.queuedEvents()).isEqualTo(4);
    assertThat(q.advance().events()).hasSize(4);
    assertThat(q.queuedEvents()).isZero();
    assertThat(q.advance()).isNull();
    assertThat(q.isEmpty()).isTrue();
  }
}
