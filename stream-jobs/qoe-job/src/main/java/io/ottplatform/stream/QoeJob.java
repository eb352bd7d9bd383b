package io.ottplatform.stream;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.QoeDimensionValue;
import io.ottplatform.stream.connectors.KafkaConnectors;
import io.ottplatform.stream.connectors.PostgresQoeSink;
import io.ottplatform.stream.connectors.PostgresViewSink;
import io.ottplatform.stream.functions.DeduplicateEvents;
import io.ottplatform.stream.functions.CombineMinuteSignals;
import io.ottplatform.stream.functions.LateEventFilter;
import io.ottplatform.stream.functions.MinutePartial;
import io.ottplatform.stream.functions.MinuteQoeAggregator;
import io.ottplatform.stream.functions.ViewQoeFunction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The real-time QoE job: playback events in; view summaries, per-minute aggregates (early and final),
 * late events and the dashboard table out. It takes its source and sinks as parameters so tests plug
 * in their own; {@link QoeJobMain} plugs in the real connectors.
 *
 * <pre>
 * source (event time: bounded out-of-orderness + idleness; an ended view needs no watermark, see ViewQoeFunction)
 *   -> late-event-filter ---------------------------------------------> late sink
 *   -> keyBy(session) -> deduplicate-events -> view-qoe -----------------> summaries sink
 *                                                |  \ events after view end -> late sink
 *                                                |  (summaries also -> qoe_view table)
 *                                                signals -> combine-minute-signals (per row and minute)
 *                                                          -> keyBy(row) -> minute-qoe -> aggregates sink (+ dashboard)
 * </pre>
 */
public final class QoeJob {

  /**
   * Where the job's results go. {@code dashboard} ({@code qoe_minute}) and {@code viewTable} ({@code qoe_view}) are
   * the PostgreSQL tables, when configured.
   */
  public record Sinks(Sink<ViewSummary> summaries, Sink<QoeAggregate> aggregates, Sink<PlaybackEvent> late,
      Optional<Sink<QoeAggregate>> dashboard, Optional<Sink<ViewSummary>> viewTable) {

    /** Kafka sinks and the minute table only. */
    public Sinks(Sink<ViewSummary> summaries, Sink<QoeAggregate> aggregates, Sink<PlaybackEvent> late,
        Optional<Sink<QoeAggregate>> dashboard) {
      this(summaries, aggregates, late, dashboard, Optional.empty());
    }

    /** The production sinks: exactly-once Kafka topics, and PostgreSQL if a JDBC URL is configured. */
    public static Sinks real(QoeJobConfig config) {
      return new Sinks(
          KafkaConnectors.exactlyOnce(config, config.summariesTopic(), ViewSummary.class,
              ViewSummary::getSessionId, "summaries"),
          KafkaConnectors.exactlyOnce(config, config.aggregatesTopic(), QoeAggregate.class,
              QoeJob::aggregateKey, "aggregates"),
          KafkaConnectors.exactlyOnce(config, config.lateTopic(), PlaybackEvent.class,
              PlaybackEvent::getSessionId, "late"),
          config.jdbcUrl().map(url -> new PostgresQoeSink(url, config.jdbcUser(), config.jdbcPassword(),
              combineFlushInterval(config).toMillis())),
          config.jdbcUrl().map(url -> new PostgresViewSink(url, config.jdbcUser(), config.jdbcPassword(),
              combineFlushInterval(config), config.viewRetention())));
    }
  }

  /**
   * How long signals may wait in {@link CombineMinuteSignals} before they reach the minute state: at
   * most half the early-fire interval (and 1 s), so each early publication includes nearly everything
   * that happened before it.
   */
  static Duration combineFlushInterval(QoeJobConfig config) {
    Duration half = config.earlyFireInterval().dividedBy(2);
    return half.compareTo(Duration.ofSeconds(1)) < 0 ? half : Duration.ofSeconds(1);
  }

  /** Partials held before a flush regardless of time: bounds the combiner's memory. */
  static final int COMBINE_MAX_BUFFERED = 50_000;

  private QoeJob() {}

  /** Kafka key of an aggregate: {@code DIMENSION|value|window_start_millis}. */
  public static String aggregateKey(QoeAggregate a) {
    return new QoeDimensionValue(a.getDimension(), a.getDimensionValue()).key(a.getWindowStart().toEpochMilli());
  }

  /** Checkpointing (exactly-once), restarts, parallelism and serializers from the config. */
  public static void configure(StreamExecutionEnvironment env, QoeJobConfig config) {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(1));
    // filesystem checkpoints (the JobManager-heap default refuses state over 5 MB per task), kept when the job
    // is cancelled or its process dies, so that QoeJobMain's next start resumes from the newest one
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointUri());
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, config.savepointUri());
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, config.checkpointsRetained());
    // the sketch inside the minute state is not Kryo-friendly; it has a compact Java-serialized form
    conf.set(PipelineOptions.SERIALIZATION_CONFIG, List.of(
        "io.ottplatform.schemas.qoe.QuantileSketch: {type: kryo, kryo-type: default, "
            + "class: com.esotericsoftware.kryo.serializers.JavaSerializer}"));
    env.configure(conf, QoeJob.class.getClassLoader());
    env.setParallelism(config.parallelism());
    // no function keeps or mutates its input, so chained operators may share records instead of
    // deep-copying every Avro event between them
    env.getConfig().enableObjectReuse();
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
  }

  public static WatermarkStrategy<PlaybackEvent> watermarks(QoeJobConfig config) {
    return WatermarkStrategy.<PlaybackEvent>forBoundedOutOfOrderness(config.outOfOrderness())
        .withTimestampAssigner((event, recordTs) -> event.getClientTs().toEpochMilli())
        .withIdleness(config.idleness());
  }

  /** Adds the job's operators to {@code env}. */
  public static void build(StreamExecutionEnvironment env, QoeJobConfig config, Source<PlaybackEvent, ?, ?> source,
      Sinks sinks) {
    pipeline(source(env, config, source), config, sinks);
  }

  /** The job's source operator (uid {@code playback-events-source}), event time assigned. */
  public static DataStream<PlaybackEvent> source(StreamExecutionEnvironment env, QoeJobConfig config,
      Source<PlaybackEvent, ?, ?> source) {
    return env.fromSource(source, watermarks(config), "playback-events", TypeInformation.of(PlaybackEvent.class))
        .uid("playback-events-source");
  }

  /**
   * Everything after the source. Public so that a test can put a new operator between the source and the rest,
   * the way a new version of the job would, and prove that it restores from the old version's savepoint.
   */
  public static void pipeline(DataStream<PlaybackEvent> events, QoeJobConfig config, Sinks sinks) {
    SingleOutputStreamOperator<PlaybackEvent> onTime = events
        .process(new LateEventFilter(config.finalizeAfter()))
        .name("late-event-filter").uid("late-event-filter");

    SingleOutputStreamOperator<PlaybackEvent> unique = byKey(onTime, new SessionKey(), config.parallelism())
        .process(new DeduplicateEvents(config.dedupTtl()))
        .name("deduplicate-events").uid("deduplicate-events");

    // same key, same partitioning: no second shuffle between dedup and the view state machine
    SingleOutputStreamOperator<ViewSummary> summaries = DataStreamUtils
        .reinterpretAsKeyedStream(unique, new SessionKey())
        .process(new ViewQoeFunction(config.sessionTimeout(), config.reopenWindow(), config.endedViewDelay()))
        .name("view-qoe").uid("view-qoe");

    SingleOutputStreamOperator<QoeAggregate> aggregates = byKey(
        summaries.getSideOutput(ViewQoeFunction.SIGNALS)
            .transform("combine-minute-signals", TypeInformation.of(MinutePartial.class),
                new CombineMinuteSignals(combineFlushInterval(config), config.finalizeAfter(), COMBINE_MAX_BUFFERED))
            .uid("combine-minute-signals"),
        new RowKey(), config.parallelism())
        .process(new MinuteQoeAggregator(config.finalizeAfter(), config.earlyFireInterval()))
        .name("minute-qoe").uid("minute-qoe");

    summaries.sinkTo(sinks.summaries()).name("view-summaries-sink").uid("view-summaries-sink");
    aggregates.sinkTo(sinks.aggregates()).name("qoe-aggregates-sink").uid("qoe-aggregates-sink");
    onTime.getSideOutput(LateEventFilter.LATE)
        .union(summaries.getSideOutput(ViewQoeFunction.AFTER_VIEW_END))
        .sinkTo(sinks.late()).name("late-events-sink").uid("late-events-sink");
    sinks.dashboard().ifPresent(dashboard ->
        aggregates.sinkTo(dashboard).name("qoe-minute-postgres-sink").uid("qoe-minute-postgres-sink"));
    sinks.viewTable().ifPresent(table ->
        summaries.sinkTo(table).name("qoe-view-postgres-sink").uid("qoe-view-postgres-sink"));
  }

  /**
   * {@code stream.keyBy(key)}, except with a parallelism of 1: then the one subtask owns every key
   * group, the records are already where a shuffle would send them, and reinterpreting the stream as
   * keyed lets the keyed operator chain to its input instead of serializing every record through the
   * network stack. State is keyed the same way either way, so a savepoint restores at any parallelism.
   * The graph is fixed at submission: do not let a scheduler (reactive mode, autoscaler) raise the
   * parallelism of a job submitted with 1.
   */
  static <T> KeyedStream<T, String> byKey(DataStream<T> stream, KeySelector<T, String> key, int parallelism) {
    return parallelism == 1 ? DataStreamUtils.reinterpretAsKeyedStream(stream, key) : stream.keyBy(key);
  }

  /** Views are keyed by session id (also the Kafka key of playback.events). */
  public static final class SessionKey implements KeySelector<PlaybackEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(PlaybackEvent event) {
      return event.getSessionId();
    }
  }

  /** Aggregate rows are keyed by {@code DIMENSION|value}. */
  public static final class RowKey implements KeySelector<MinutePartial, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(MinutePartial partial) {
      return partial.row;
    }
  }

}
