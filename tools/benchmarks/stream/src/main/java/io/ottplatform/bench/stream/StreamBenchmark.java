package io.ottplatform.bench.stream;

import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchLine;
import io.ottplatform.bench.harness.BenchTopics;
import io.ottplatform.bench.harness.Latencies;
import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.avro.StreamType;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.schemas.serde.AvroSerde;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.ottplatform.stream.QoeJob;
import io.ottplatform.stream.QoeJobConfig;
import io.ottplatform.stream.connectors.KafkaConnectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./ott bench stream}: the QoE job's throughput and freshness against a running broker
 * ({@code ./ott up}; {@code --bootstrap}, default {@code OTT_KAFKA_BOOTSTRAP} or 127.0.0.1:9092). It
 * starts no broker of its own, so it measures the same broker the platform runs on.
 *
 * <ol>
 *   <li>Pre-fills a fresh topic with {@code --events} (default 5,000,000) simulated events, in ingest order
 *       (or reuses the topic of an earlier run, {@code --input-topic bench.events.<run>}).</li>
 *   <li>Ceiling: one plain Kafka consumer reads and Avro-decodes the whole topic.</li>
 *   <li>The Flink QoE job (bounded, exactly-once sinks, {@code --parallelism}) over the same topic;
 *       events/s from the job's net runtime.</li>
 *   <li>Freshness: the job live on another topic while a generator produces views in real time; for
 *       each VIEW_START, the time from its produce to the first committed GLOBAL aggregate of its
 *       minute that counts it (p50/p95).</li>
 * </ol>
 * Bounded by {@code --max-seconds} (default 900). Ends with exactly one line:
 * {@code BENCH stream events_per_s=<n> ratio_vs_consumer=<r> freshness_p50_s=<n> freshness_p95_s=<n>}.
 */
public final class StreamBenchmark {

  private final String bootstrap;
  private final long events;
  private final int parallelism;
  private final long deadline;
  private final Duration liveFor;
  /** An already pre-filled topic to reuse (skips step 1), so repeated profiling runs share one fill. */
  private final Optional<String> reuseTopic;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private StreamBenchmark(BenchArgs args) {
    this.bootstrap = args.string("bootstrap");
    this.events = args.atLeast("events", 1);
    this.parallelism = args.atLeast("parallelism", 1);
    this.deadline = System.currentTimeMillis() + 1000L * args.atLeast("max-seconds", 1);
    this.liveFor = Duration.ofSeconds(args.atLeast("live-seconds", 10));
    this.reuseTopic = args.given("input-topic") ? Optional.of(args.string("input-topic")) : Optional.empty();
  }

  public static void main(String[] argv) throws Exception {
    String defaultBootstrap = Optional.ofNullable(System.getenv("OTT_KAFKA_BOOTSTRAP"))
        .orElse("127.0.0.1:" + Optional.ofNullable(System.getenv("OTT_KAFKA_PORT")).orElse("9092"));
    BenchArgs args = BenchArgs.declare("stream", "the Flink QoE job's throughput against a plain consumer, and its freshness")
        .option("bootstrap", defaultBootstrap, "the broker (./ott up's by default)")
        .option("events", "5000000", "events pre-filled and processed")
        // 1 by default: on the 2-core machine the benchmark is specified for, one fully chained pipeline
        // (no keyBy shuffle, see QoeJob.byKey) plus the Kafka fetcher, producers and broker on the other
        // core beat two subtasks that serialize every event across a shuffle (docs/stream-jobs.md, Benchmark)
        .option("parallelism", "1", "the job's parallelism")
        .option("max-seconds", "900", "the whole run's time limit")
        .option("live-seconds", "60", "seconds of live views for the freshness measurement (>= 10)")
        .option("input-topic", "", "an already pre-filled topic to reuse (skips the pre-fill)")
        .parseOrExit(argv);
    new StreamBenchmark(args).runAll();
    System.exit(0); // Kafka and Flink leave non-daemon threads behind
  }

  private void runAll() throws Exception {
    String input;
    long produced;
    if (reuseTopic.isPresent()) {
      input = reuseTopic.get();
      produced = eventsIn(input);
      log("reusing %s with %,d events", input, produced);
    } else {
      input = "bench.events." + run;
      createTopics(input, Topics.PLAYBACK_EVENTS.partitions());
      produced = prefill(input);
      log("pre-filled %s with %,d events", input, produced);
    }

    double consumerRate = rawConsumer(input, produced);
    log("raw consumer: %,.0f events/s", consumerRate);

    double jobRate = flinkJob(input, produced);
    log("flink job: %,.0f events/s (%.2f of the consumer)", jobRate, jobRate / consumerRate);

    double[] freshness = freshness();
    log("freshness: p50 %.2f s, p95 %.2f s", freshness[0], freshness[1]);

    BenchLine.of("stream").putRounded("events_per_s", jobRate).put("ratio_vs_consumer", jobRate / consumerRate, 3)
        .put("freshness_p50_s", freshness[0], 2).put("freshness_p95_s", freshness[1], 2).print();
  }

  /** Simulated views spread over 12 hours, merged into ingest order (server_ts) as a fleet's would arrive. */
  private long prefill(String topic) {
    int viewers = (int) Math.max(100, events / 45);
    SimulatorConfig d = SimulatorConfig.defaults(42L, viewers);
    SimulatorConfig config = new SimulatorConfig(d.seed(), viewers, d.accounts(), d.titles(), d.start(),
        d.heartbeatInterval(), Duration.ofHours(12), d.meanWatch(), d.exitBeforeStartRate(), d.startFailureRate(),
        d.playbackFailureRate(), d.concurrentShare(), d.stallsPerMinute(), d.seeksPerMinute(), d.pausesPerMinute(),
        d.switchesPerMinute(), d.taste());
    AvroSerde<PlaybackEvent> serde = AvroSerde.of(PlaybackEvent.class);
    record Pending(long at, long order, PlaybackEvent event) {}
    PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
        : Long.compare(a.order, b.order));
    long count = 0;
    long order = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      Iterator<SimulatedView> views = new FleetSimulator(config).views().iterator();
      while (count < events && (views.hasNext() || !queue.isEmpty())) {
        checkDeadline("pre-fill");
        if (views.hasNext()) {
          SimulatedView v = views.next();
          long at = Long.MIN_VALUE;
          for (PlaybackEvent e : v.events()) {
            at = Math.max(at, e.getServerTs().toEpochMilli());
            queue.add(new Pending(at, order++, e));
          }
          // views start in index order (with jitter): what started over a minute before this one is due
          long due = v.events().get(0).getServerTs().toEpochMilli() - 60_000;
          while (!queue.isEmpty() && queue.peek().at < due && count < events) {
            count += send(producer, topic, serde, queue.poll().event);
          }
        } else {
          count += send(producer, topic, serde, queue.poll().event);
        }
      }
      producer.flush();
    }
    return count;
  }

  private static int send(KafkaProducer<byte[], byte[]> producer, String topic, AvroSerde<PlaybackEvent> serde,
      PlaybackEvent e) {
    producer.send(new ProducerRecord<>(topic, e.getSessionId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        serde.encode(e)));
    return 1;
  }

  /** Records in a topic: the sum over its partitions of end minus beginning offsets. */
  private long eventsIn(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalArgumentException("--input-topic " + topic + " does not exist");
      }
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      return consumer.endOffsets(partitions).entrySet().stream()
          .mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
    }
  }

  private double rawConsumer(String topic, long expected) {
    AvroSerde<PlaybackEvent> serde = AvroSerde.of(PlaybackEvent.class);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    long read = 0;
    long checksum = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long start = System.nanoTime();
      while (read < expected) {
        checkDeadline("raw consumer");
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          checksum += serde.decode(r.value()).getSequence();
          read++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log("raw consumer decoded %,d events in %.1f s (checksum %d)", read, seconds, checksum);
      return read / seconds;
    }
  }

  private double flinkJob(String input, long expected) throws Exception {
    createTopics("bench.summaries." + run, 4);
    createTopics("bench.aggregates." + run, 2);
    createTopics("bench.late." + run, 1);
    QoeJobConfig config = QoeJobConfig.fromMap(Map.of(
        "bootstrap", bootstrap, "group-id", "bench-" + run, "input-topic", input,
        "summaries-topic", "bench.summaries." + run, "aggregates-topic", "bench.aggregates." + run,
        "late-topic", "bench.late." + run, "bounded", "true", "parallelism", Integer.toString(parallelism),
        "checkpoint-interval", "10s", "transactional-id-prefix", "bench-" + run));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(env, config);
    QoeJob.build(env, config, KafkaConnectors.playbackEvents(config), QoeJob.Sinks.real(config));
    long start = System.nanoTime();
    JobExecutionResult result = env.execute("bench-qoe-" + run);
    double wall = (System.nanoTime() - start) / 1e9;
    double net = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    log("flink job processed %,d events in %.1f s net (%.1f s with start-up)", expected, net, wall);
    return expected / net;
  }

  /** p50 and p95 seconds from a VIEW_START's produce to a committed GLOBAL aggregate that counts it. */
  private double[] freshness() throws Exception {
    String input = "bench.live." + run;
    String aggregates = "bench.live.aggregates." + run;
    createTopics(input, Topics.PLAYBACK_EVENTS.partitions());
    createTopics(aggregates, 2);
    createTopics("bench.live.summaries." + run, 4);
    createTopics("bench.live.late." + run, 1);
    QoeJobConfig config = QoeJobConfig.fromMap(Map.ofEntries(
        Map.entry("bootstrap", bootstrap), Map.entry("group-id", "bench-live-" + run), Map.entry("input-topic", input),
        Map.entry("summaries-topic", "bench.live.summaries." + run), Map.entry("aggregates-topic", aggregates),
        Map.entry("late-topic", "bench.live.late." + run), Map.entry("parallelism", Integer.toString(parallelism)),
        Map.entry("checkpoint-interval", "2s"), Map.entry("early-fire-interval", "2s"),
        Map.entry("out-of-orderness", "2s"), Map.entry("transactional-id-prefix", "bench-live-" + run)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(env, config);
    QoeJob.build(env, config, KafkaConnectors.playbackEvents(config), QoeJob.Sinks.real(config));
    JobClient job = env.executeAsync("bench-live-qoe-" + run);

    // produce time of the n-th VIEW_START of each minute, in produce order
    Map<Long, List<Long>> startsByMinute = new ConcurrentHashMap<>();
    Map<Long, Integer> seenByMinute = new HashMap<>();
    Latencies latencies = new Latencies();
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread generator = new Thread(() -> generateLive(input, startsByMinute, producing), "live-generator");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    AvroSerde<QoeAggregate> serde = AvroSerde.of(QoeAggregate.class);
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(aggregates).stream()
          .map(i -> new TopicPartition(aggregates, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      generator.start();
      long stopAt = System.currentTimeMillis() + liveFor.toMillis();
      long drainUntil = stopAt + 15_000;
      while (System.currentTimeMillis() < drainUntil && System.currentTimeMillis() < deadline) {
        if (System.currentTimeMillis() >= stopAt) {
          producing.set(false);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long observed = System.currentTimeMillis();
          QoeAggregate a = serde.decode(r.value());
          if (a.getDimension() != QoeDimension.GLOBAL) {
            continue;
          }
          long minute = a.getWindowStart().toEpochMilli();
          List<Long> produced = startsByMinute.getOrDefault(minute, List.of());
          int seen = seenByMinute.getOrDefault(minute, 0);
          int counted = (int) Math.min(a.getViewsStarted(), produced.size());
          for (int i = seen; i < counted; i++) {
            latencies.recordNanos((observed - produced.get(i)) * 1_000_000L);
          }
          seenByMinute.put(minute, Math.max(seen, counted));
        }
      }
    } finally {
      producing.set(false);
      generator.join(10_000);
      job.cancel().get(30, TimeUnit.SECONDS);
    }
    if (latencies.count() == 0) {
      throw new IllegalStateException("no live aggregate counted a view start within the run");
    }
    log("freshness over %,d view starts", latencies.count());
    return new double[] {latencies.percentileMs(50) / 1000, latencies.percentileMs(95) / 1000};
  }

  /** Live views: 40 starts per second, each VIEW_START, PLAY, PLAYING, heartbeats every 10 s, VIEW_END after 30 s. */
  private void generateLive(String topic, Map<Long, List<Long>> startsByMinute, AtomicBoolean producing) {
    AvroSerde<PlaybackEvent> serde = AvroSerde.of(PlaybackEvent.class);
    record Live(String session, long startedAt, int[] seq) {}
    List<Live> live = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      long tick = System.currentTimeMillis();
      while (producing.get()) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 4; i++) { // 4 per 100 ms
          Live v = new Live(UUID.randomUUID().toString(), now, new int[] {0});
          live.add(v);
          send(producer, topic, serde, liveEvent(v.session, v.seq[0]++, EventType.VIEW_START, now));
          startsByMinute.computeIfAbsent(Math.floorDiv(now, 60_000) * 60_000,
              k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(now);
          send(producer, topic, serde, liveEvent(v.session, v.seq[0]++, EventType.PLAY, now));
        }
        Iterator<Live> it = live.iterator();
        while (it.hasNext()) {
          Live v = it.next();
          long age = now - v.startedAt;
          if (v.seq[0] == 2 && age >= 500) {
            send(producer, topic, serde, liveEvent(v.session, v.seq[0]++, EventType.PLAYING, now));
          } else if (age >= 30_000) {
            send(producer, topic, serde, liveEvent(v.session, v.seq[0]++, EventType.VIEW_END, now));
            it.remove();
          } else if (v.seq[0] >= 3 && age / 10_000 > v.seq[0] - 3) {
            send(producer, topic, serde, liveEvent(v.session, v.seq[0]++, EventType.HEARTBEAT, now));
          }
        }
        producer.flush();
        tick += 100;
        long sleep = tick - System.currentTimeMillis();
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static PlaybackEvent liveEvent(String session, long seq, EventType type, long now) {
    Instant at = Instant.ofEpochMilli(now);
    return PlaybackEvent.newBuilder()
        .setEventId(session + "-" + seq).setSessionId(session).setSequence(seq)
        .setAccountId("bench-acct").setProfileId("bench-prof").setTitleId("bench-title")
        .setEventType(type).setClientTs(at).setServerTs(at)
        .setBitrateKbps(type == EventType.PLAYING ? 3000 : null)
        .setCdn("cdn-bench").setCountry("NL")
        .setDevice(Device.newBuilder().setType("desktop").build())
        .setPlayer(Player.newBuilder().setName("bench").build())
        .setStreamType(StreamType.LIVE)
        .build();
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private void createTopics(String name, int partitions) {
    try (BenchTopics topics = new BenchTopics(bootstrap)) {
      topics.create(name, partitions);
    }
  }

  private void checkDeadline(String phase) {
    if (System.currentTimeMillis() > deadline) {
      throw new IllegalStateException("the benchmark ran out of time (--max-seconds) during " + phase);
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench stream] " + format + "%n", args);
  }
}
