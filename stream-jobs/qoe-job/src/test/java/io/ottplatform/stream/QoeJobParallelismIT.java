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
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With parallelism 1 the job runs as one operator chain (no keyBy shuffles, see {@code QoeJob.byKey});
 * it must publish exactly what the shuffled job at parallelism 2 publishes.
 */
class QoeJobParallelismIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void theChainedSingleSubtaskJobPublishesWhatTheShuffledJobPublishes() throws Exception {
    List<SimulatedView> views = new FleetSimulator(SimulatorConfig.defaults(13L, 400)).views().toList();
    List<PlaybackEvent> events = KafkaIO.inArrivalOrder(views.stream().map(SimulatedView::events).toList());
    KafkaIO.produce(KAFKA.bootstrapServers(), Topics.PLAYBACK_EVENTS.name(), events);

    Published shuffled = run(2);
    Published chained = run(1);

    assertThat(shuffled.summaries).hasSize(views.size());
    assertThat(chained.summaries).containsExactlyInAnyOrderElementsOf(shuffled.summaries);
    assertThat(chained.finalAggregates).isNotEmpty().containsExactlyInAnyOrderElementsOf(shuffled.finalAggregates);
  }

  record Published(List<ViewSummary> summaries, List<QoeAggregate> finalAggregates) {}

  private static Published run(int parallelism) throws Exception {
    String name = "p" + parallelism;
    KafkaIO.createTopics(KAFKA.bootstrapServers(), 2, name + ".summaries", name + ".aggregates", name + ".late");
    QoeJobConfig config = TestConfigs.qoe(Map.of(
        "bootstrap", KAFKA.bootstrapServers(),
        "group-id", "qoe-" + name,
        "summaries-topic", name + ".summaries",
        "aggregates-topic", name + ".aggregates",
        "late-topic", name + ".late",
        "bounded", "true",
        "parallelism", Integer.toString(parallelism),
        "checkpoint-interval", "500ms",
        "transactional-id-prefix", "qoe-" + name));
    QoeJob.Sinks real = QoeJob.Sinks.real(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(env, config);
    QoeJob.build(env, config, KafkaConnectors.playbackEvents(config),
        new QoeJob.Sinks(real.summaries(), real.aggregates(), real.late(), Optional.empty()));
    env.execute("qoe-parallelism-" + name);

    List<ViewSummary> summaries = KafkaIO.readCommitted(KAFKA.bootstrapServers(), config.summariesTopic(),
        ViewSummary.class).stream().map(Map.Entry::getValue).toList();
    List<QoeAggregate> finals = KafkaIO.readCommitted(KAFKA.bootstrapServers(), config.aggregatesTopic(),
        QoeAggregate.class).stream().map(Map.Entry::getValue).filter(QoeAggregate::getFinal$)
        .map(a -> {
          // publish times differ between runs; the sketch's bytes keep its values in arrival order,
          // which differs with the topology (its percentiles, compared, do not)
          a.setUpdatedAt(Instant.EPOCH);
          a.setStartupTimeSketch(null);
          return a;
        }).collect(Collectors.toList());
    return new Published(summaries, finals);
  }
}
