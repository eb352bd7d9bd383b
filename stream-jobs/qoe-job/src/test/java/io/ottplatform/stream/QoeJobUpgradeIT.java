package io.ottplatform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.stream.connectors.KafkaConnectors;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upgrade across a real change of the job graph: the job as it is runs over the first half of a fleet's events
 * and is stopped with a savepoint; a new version, with a new operator between the source and the rest (which
 * also changes how the operators chain), restores that savepoint and reads the second half. Every view is
 * summarized exactly once (read_committed), with the QoE it was generated with: the stable operator uids carry the
 * offsets, the dedup ids, the open views and the open Kafka transactions across versions.
 */
class QoeJobUpgradeIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final int VIEWS = 40;

  @Test
  void aNewVersionWithANewOperatorRestoresTheOldVersionsSavepoint() throws Exception {
    List<SimulatedView> views = new FleetSimulator(SimulatorConfig.defaults(31L, VIEWS)).views().toList();
    List<PlaybackEvent> events = KafkaIO.inArrivalOrder(views.stream().map(SimulatedView::events).toList());
    KafkaIO.createTopics(KAFKA.bootstrapServers(), 2, "upgrade.events", "upgrade.summaries", "upgrade.aggregates",
        "upgrade.late");
    QoeJobConfig config = TestConfigs.qoe(Map.of(
        "bootstrap", KAFKA.bootstrapServers(),
        "input-topic", "upgrade.events",
        "summaries-topic", "upgrade.summaries",
        "aggregates-topic", "upgrade.aggregates",
        "late-topic", "upgrade.late",
        "group-id", "upgrade-it",
        "parallelism", "2",
        "checkpoint-interval", "1s",
        "transactional-id-prefix", "upgrade-it"));
    int half = events.size() / 2;
    KafkaIO.produce(KAFKA.bootstrapServers(), config.inputTopic(), events.subList(0, half));

    // version 1: the job as it is
    StreamExecutionEnvironment v1 = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(v1, config);
    QoeJob.build(v1, config, KafkaConnectors.playbackEvents(config), sinks(config));
    JobClient old = v1.executeAsync("qoe-upgrade-v1");
    await("version 1 published summaries").atMost(Duration.ofSeconds(90))
        .until(() -> !summaries(config).isEmpty());
    String savepoint = stopWithSavepoint(old, config);

    KafkaIO.produce(KAFKA.bootstrapServers(), config.inputTopic(), events.subList(half, events.size()));
    KafkaIO.produce(KAFKA.bootstrapServers(), config.inputTopic(), closers(events));

    // version 2: a new operator between the source and the rest, restored from version 1's savepoint
    StreamExecutionEnvironment v2 = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(v2, config);
    DataStream<PlaybackEvent> source = QoeJob.source(v2, config, KafkaConnectors.playbackEvents(config));
    QoeJob.pipeline(source.filter(new DropTestProbes()).name("drop-test-probes").uid("drop-test-probes"), config,
        sinks(config));
    StreamGraph graph = v2.getStreamGraph();
    graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    JobClient upgraded = v2.executeAsync(graph);
    try {
      Set<String> expected = views.stream().map(SimulatedView::sessionId).collect(Collectors.toSet());
      await("every view summarized").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> summaries(config).stream().map(ViewSummary::getSessionId).collect(Collectors.toSet())
              .containsAll(expected));
      List<ViewSummary> summaries = summaries(config).stream().filter(s -> expected.contains(s.getSessionId()))
          .toList();
      assertThat(summaries).as("one summary per view across the upgrade").hasSize(VIEWS);
      for (SimulatedView view : views) {
        ViewSummary s = summaries.stream().filter(x -> x.getSessionId().equals(view.sessionId())).findFirst()
            .orElseThrow();
        assertThat(s.getPlayingTimeMs()).as("playing %s", view.sessionId()).isEqualTo(view.expected().playingTimeMs());
        assertThat(s.getWatchTimeMs()).as("watch %s", view.sessionId()).isEqualTo(view.expected().watchTimeMs());
        assertThat(s.getStartupTimeMs()).as("startup %s", view.sessionId()).isEqualTo(view.expected().startupTimeMs());
        assertThat(s.getRebufferDurationMs()).as("stalls %s", view.sessionId())
            .isEqualTo(view.expected().rebufferDurationMs());
      }
    } finally {
      upgraded.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  /** The new version's new operator: drops events of sessions named as test probes (none in this fleet). */
  static final class DropTestProbes implements org.apache.flink.api.common.functions.FilterFunction<PlaybackEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(PlaybackEvent e) {
      return !e.getSessionId().startsWith("probe-");
    }
  }

  private static QoeJob.Sinks sinks(QoeJobConfig config) {
    QoeJob.Sinks real = QoeJob.Sinks.real(config);
    return new QoeJob.Sinks(real.summaries(), real.aggregates(), real.late(), Optional.empty());
  }

  /** Stop with a savepoint, retried while the job is still deploying (it refuses a savepoint then). */
  private static String stopWithSavepoint(JobClient job, QoeJobConfig config) throws Exception {
    return await("a savepoint").atMost(Duration.ofSeconds(60)).ignoreException(ExecutionException.class)
        .until(() -> job.stopWithSavepoint(false, config.savepointUri(), SavepointFormatType.CANONICAL)
            .get(30, TimeUnit.SECONDS), path -> path != null);
  }

  /** One event an hour after the fleet per partition: moves the watermark past every view's end. */
  private static List<PlaybackEvent> closers(List<PlaybackEvent> events) {
    Instant later = events.stream().map(PlaybackEvent::getClientTs).max(Instant::compareTo).orElseThrow()
        .plus(Duration.ofHours(1));
    List<PlaybackEvent> out = new ArrayList<>();
    // session ids chosen to land on each of the two partitions (Kafka's murmur2 of the key); enough of them
    // that both partitions get one whatever the hash
    for (int i = 0; i < 8; i++) {
      out.add(PlaybackEvent.newBuilder(events.get(0)).setSessionId("event-time-closer-" + i)
          .setEventId("event-time-closer-" + i).setClientTs(later).setServerTs(later).build());
    }
    return out;
  }

  private static List<ViewSummary> summaries(QoeJobConfig config) {
    return KafkaIO.readCommitted(KAFKA.bootstrapServers(), config.summariesTopic(), ViewSummary.class).stream()
        .map(Map.Entry::getValue).toList();
  }
}
