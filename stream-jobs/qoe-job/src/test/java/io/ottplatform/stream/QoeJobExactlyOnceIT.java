package io.ottplatform.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.stream.connectors.KafkaConnectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once end to end: the job crashes in the middle of the stream, restores from its last
 * checkpoint and replays; what read_committed consumers see on the summary and aggregate topics is
 * the same as from a run without the crash: no view counted twice, none missing.
 */
class QoeJobExactlyOnceIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void aRunThatCrashesAndRestoresPublishesExactlyWhatACleanRunPublishes() throws Exception {
    List<SimulatedView> views = new FleetSimulator(SimulatorConfig.defaults(11L, 600)).views().toList();
    List<PlaybackEvent> events = KafkaIO.inArrivalOrder(views.stream().map(SimulatedView::events).toList());
    KafkaIO.produce(KAFKA.bootstrapServers(), Topics.PLAYBACK_EVENTS.name(), events);

    Published clean = run("clean", false);
    FailOnceAfterCheckpointSource.reset();
    Published crashed = run("crashed", true);

    assertThat(FailOnceAfterCheckpointSource.FAILED).as("the job crashed once").isTrue();
    assertThat(FailOnceAfterCheckpointSource.RECORDS_POLLED_BEFORE_FAILURE.get())
        .as("in the middle of the stream").isBetween(1L, (long) events.size() - 1);
    assertThat(clean.summaries).hasSize(views.size());
    assertThat(crashed.summaries.stream().map(ViewSummary::getSessionId).distinct().count())
        .as("no view summarized twice").isEqualTo(crashed.summaries.size());
    assertThat(crashed.summaries).containsExactlyInAnyOrderElementsOf(clean.summaries);
    assertThat(crashed.finalAggregates).isNotEmpty().containsExactlyInAnyOrderElementsOf(clean.finalAggregates);
  }

  record Published(List<ViewSummary> summaries, List<QoeAggregate> finalAggregates) {}

  private static Published run(String name, boolean crash) throws Exception {
    KafkaIO.createTopics(KAFKA.bootstrapServers(), 2, name + ".summaries", name + ".aggregates", name + ".late");
    QoeJobConfig config = TestConfigs.qoe(Map.of(
        "bootstrap", KAFKA.bootstrapServers(),
        "group-id", "qoe-" + name,
        "summaries-topic", name + ".summaries",
        "aggregates-topic", name + ".aggregates",
        "late-topic", name + ".late",
        "bounded", "true",
        "parallelism", "2",
        "checkpoint-interval", "300ms",
        "transactional-id-prefix", "qoe-" + name));
    Source<PlaybackEvent, ?, ?> source = KafkaConnectors.playbackEvents(config);
    if (crash) {
      source = new FailOnceAfterCheckpointSource<>(KafkaConnectors.playbackEvents(config));
    }
    QoeJob.Sinks real = QoeJob.Sinks.real(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(env, config);
    QoeJob.build(env, config, source, new QoeJob.Sinks(real.summaries(), real.aggregates(), real.late(), Optional.empty()));
    env.execute("qoe-exactly-once-" + name);

    List<ViewSummary> summaries = KafkaIO.readCommitted(KAFKA.bootstrapServers(), config.summariesTopic(),
        ViewSummary.class).stream().map(Map.Entry::getValue).toList();
    List<QoeAggregate> finals = KafkaIO.readCommitted(KAFKA.bootstrapServers(), config.aggregatesTopic(),
        QoeAggregate.class).stream().map(Map.Entry::getValue).filter(QoeAggregate::getFinal$)
        .map(a -> { // publish time differs between runs; the content must not
          a.setUpdatedAt(Instant.EPOCH);
          return a;
        }).collect(Collectors.toList());
    return new Published(summaries, finals);
  }
}
