package io.ottplatform.bench.batch;

import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchLine;
import io.ottplatform.bench.harness.BenchTopics;
import io.ottplatform.batch.AnalystQueries;
import io.ottplatform.batch.BatchJobs;
import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.config.BatchJobCommand;
import io.ottplatform.batch.land.LandEventsJob;
import io.ottplatform.config.Settings;
import io.ottplatform.lake.LakeSession;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoResultSet;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code ./ott bench batch}: lands and sessionizes simulated events on the running platform
 * ({@code ./ott up}), then times the documented analyst queries in Trino on the designed layout and on
 * a naive copy of the same rows (unpartitioned, unsorted, many small files).
 *
 * <p>Arguments: {@code --events N} (default 10000000), {@code --days D} simulated days (default 7,
 * starting {@code --start 2026-10-01}), {@code --seed S}, {@code --trino-url} (default
 * {@code jdbc:trino://127.0.0.1:8080/lake}), {@code --naive-files F} (default 1000), {@code --runs R}
 * timed runs per query (default 5, median kept); any other argument is a batch-jobs setting
 * ({@code --set key=value}, {@code --config FILE}, see docs/analytics.md).
 * The benchmark never touches the lake's own namespaces: its tables live under the namespace prefix
 * {@value #PREFIX} ({@code lake.bench_raw}, {@code lake.bench_analytics}, {@code lake.bench_naive}),
 * which it drops and recreates at the start of every run (they stay afterwards for inspection in
 * Trino), and its events go to a topic of their own ({@code bench.playback.events.<run>}, deleted
 * at the end; leftovers of an interrupted run are deleted at the next start).
 *
 * <p>Ends with one line: {@code BENCH batch land_events_per_s=<n> sessionize_events_per_s=<n>
 * total_events_per_s=<n> min_layout_speedup=<r>}, the speed-up being the smallest over the queries
 * that filter one day or one title.
 */
public final class BatchBenchmark {

  /** The namespace prefix of the benchmark's tables. */
  static final String PREFIX = "bench_";
  static final String TOPIC_PREFIX = "bench.playback.events.";
  /** The layouts of single-day and single-title queries, the ones {@code min_layout_speedup} covers. */
  static final Set<String> SELECTIVE_LAYOUTS = Set.of("day", "title", "day+title");

  record Options(long events, int days, LocalDate start, long seed, String trinoUrl, int naiveFiles, int runs,
      boolean queriesOnly, String[] batchArgs) {

    static Options parse(String[] argv) {
      BenchArgs a = BenchArgs.declare("batch", "Spark landing and sessionizing over the lake, and the layout's speed-up in Trino")
          .option("events", "10000000", "events simulated, landed and sessionized")
          .option("days", "7", "days the events span")
          .option("start", "2026-10-01", "the first day")
          .option("seed", "1", "the simulator's seed")
          .option("trino-url", "jdbc:trino://127.0.0.1:8080/lake", "Trino (./ott up's by default)")
          .option("naive-files", "1000", "files of the naive copy the layout is compared with")
          .option("runs", "5", "runs per query (the median counts)")
          .flag("queries-only", "only time the queries over already-landed tables (no BENCH line)")
          .passUnknown() // batch-jobs' own settings, e.g. --set lake.warehouse=...
          .parseOrExit(argv);
      return new Options(a.longValue("events"), a.atLeast("days", 1), LocalDate.parse(a.string("start")),
          a.longValue("seed"), a.string("trino-url"), a.atLeast("naive-files", 1), a.atLeast("runs", 1),
          a.bool("queries-only"), a.rest().toArray(String[]::new));
    }
  }

  /**
   * The median time of a query, the median CPU time Trino spent on it (less sensitive to the other
   * load on a shared machine than the wall time) and what Trino read for it (rows and splits show the
   * pruning).
   */
  record Measured(double ms, long cpuMs, long rowsRead, int splits) {}

  record Timing(String query, String layout, Measured designed, Measured naive) {
    double speedup() {
      return naive.ms() / designed.ms();
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String topic = TOPIC_PREFIX + System.currentTimeMillis();
    List<String> batchArgs = new ArrayList<>(Arrays.asList(o.batchArgs()));
    batchArgs.addAll(List.of("--set", "kafka.topic=" + topic, "--set", "lake.namespace-prefix=" + PREFIX));
    Settings settings = BatchJobs.settings(BatchJobCommand.LAND, batchArgs.toArray(String[]::new), System.getenv());
    BatchConfig config = BatchConfig.read(settings, BatchJobCommand.LAND);
    settings.finish();
    if (o.queriesOnly()) {
      timeQueriesOnly(o, config);
      return;
    }
    SparkSession spark = LakeSession.create(config.lake(), "batch-benchmark");
    try {
      long resetStart = System.nanoTime();
      dropBenchTables(spark, config);
      LakeTables.ensureAll(spark, config.lake());
      deleteTopics(config.kafkaBootstrap(), staleTopics(config.kafkaBootstrap()));
      createTopic(config.kafkaBootstrap(), topic);
      log("bench namespaces %s* and topic %s reset in %.1f s", config.lake().namespace(""), topic, seconds(resetStart));

      // the simulator and the producer are not what is measured: they run before the clock starts
      long produceStart = System.nanoTime();
      long produced = produce(config.kafkaBootstrap(), topic, o);
      log("produced %d events to %s in %.1f s (not counted)", produced, topic, seconds(produceStart));

      long landStart = System.nanoTime();
      LandEventsJob.Result landed = new BatchRunner(spark, config, Clock.systemUTC()).land();
      double landS = seconds(landStart);
      log("landed %d events in %.1f s", landed.events(), landS);

      LocalDate end = o.start().plusDays(o.days() - 1);
      long sessStart = System.nanoTime();
      long views = 0;
      for (LocalDate d = o.start(); !d.isAfter(end); d = d.plusDays(1)) {
        views += new BatchRunner(spark, config.withDate(d), Clock.systemUTC()).sessionize().views();
      }
      double sessS = seconds(sessStart);
      log("sessionized %d views (%d events) in %.1f s", views, landed.events(), sessS);

      long naiveStart = System.nanoTime();
      copyNaive(spark, config, o.naiveFiles());
      log("naive copies written in %.1f s", seconds(naiveStart));

      LocalDate day = benchDay(o);
      String title = spark.sql("SELECT title_id FROM " + config.table(LakeTables.VIEW_SESSIONS) + " WHERE view_date = DATE '"
          + day + "' GROUP BY title_id ORDER BY count(*) DESC, title_id LIMIT 1").first().getString(0);
      double minSpeedup = printTimings(timeQueries(o, config, day, o.start(), title));
      long events = landed.events();
      System.out.printf(Locale.ROOT, "%nland %.1f s, sessionize %.1f s, %d events, %d views%n", landS, sessS, events, views);
      BenchLine.of("batch").putRounded("land_events_per_s", events / landS)
          .putRounded("sessionize_events_per_s", events / sessS)
          .putRounded("total_events_per_s", events / (landS + sessS))
          .put("min_layout_speedup", minSpeedup, 2).print();
    } finally {
      try {
        deleteTopics(config.kafkaBootstrap(), List.of(topic));
      } finally {
        spark.stop();
      }
    }
  }

  /** The day the single-day queries filter on: the middle of the simulated days, a whole day of views. */
  static LocalDate benchDay(Options o) {
    return o.start().plusDays(o.days() / 2);
  }

  /**
   * {@code --queries-only}: times the queries again on the tables an earlier run left (same
   * {@code --days}/{@code --start}), without producing, landing or sessionizing. For iterating on the
   * layout of already-landed tables; prints the timings and {@code min_layout_speedup}, no BENCH line.
   */
  static void timeQueriesOnly(Options o, BatchConfig config) throws SQLException {
    LocalDate day = benchDay(o);
    String title;
    try (Connection c = DriverManager.getConnection(o.trinoUrl(), "bench", null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT title_id FROM lake." + PREFIX + LakeTables.VIEW_SESSIONS + " WHERE view_date = DATE '"
            + day + "' GROUP BY title_id ORDER BY count(*) DESC, title_id LIMIT 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("--queries-only needs the tables of an earlier run: lake." + PREFIX
            + LakeTables.VIEW_SESSIONS + " has no views on " + day + " (run the benchmark without --queries-only first)");
      }
      title = rs.getString(1);
    }
    double minSpeedup = printTimings(timeQueries(o, config, day, o.start(), title));
    System.out.printf(Locale.ROOT, "%nqueries only: min_layout_speedup=%.2f%n", minSpeedup);
  }

  /** Prints the designed-vs-naive table; returns the smallest speed-up of the single-day / single-title queries. */
  static double printTimings(List<Timing> timings) {
    System.out.println();
    System.out.println("| query | filter | designed ms | naive ms | speed-up | Trino CPU ms designed / naive "
        + "| rows read designed / naive | splits designed / naive |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    double minSpeedup = Double.MAX_VALUE;
    for (Timing t : timings) {
      System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1fx | %d / %d | %d / %d | %d / %d |%n", t.query(),
          t.layout(), t.designed().ms(), t.naive().ms(), t.speedup(), t.designed().cpuMs(), t.naive().cpuMs(),
          t.designed().rowsRead(), t.naive().rowsRead(), t.designed().splits(), t.naive().splits());
      if (SELECTIVE_LAYOUTS.contains(t.layout())) {
        minSpeedup = Math.min(minSpeedup, t.speedup());
      }
    }
    return minSpeedup;
  }

  /**
   * Drops every table of the benchmark's namespaces (with their files), so each run starts from empty
   * tables and Kafka offset 0. Refuses to run without the prefix: the lake's own namespaces are never
   * dropped.
   */
  static void dropBenchTables(SparkSession spark, BatchConfig config) {
    if (!config.lake().namespacePrefix().equals(PREFIX)) {
      throw new IllegalStateException("the benchmark drops only its own namespaces (prefix " + PREFIX + "), not "
          + config.lake().namespace("*"));
    }
    for (String ns : List.of("raw", "analytics", "naive")) {
      String namespace = config.lake().namespace(ns);
      if (spark.sql("SHOW NAMESPACES IN " + config.lake().catalog() + " LIKE '" + PREFIX + ns + "'").isEmpty()) {
        continue;
      }
      for (Row t : spark.sql("SHOW TABLES IN " + namespace).collectAsList()) {
        spark.sql("DROP TABLE " + namespace + "." + t.getString(t.fieldIndex("tableName")) + " PURGE");
      }
    }
  }

  static long produce(String bootstrap, String topic, Options o) {
    Instant start = o.start().atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(1));
    Duration window = Duration.ofDays(o.days()).minusHours(3);
    // size the fleet so its views, spread over the whole window, add up to about the events asked for
    FleetSimulator sample = new FleetSimulator(SimulatorConfig.defaults(o.seed(), 500));
    double perView = sample.views().mapToInt(v -> v.events().size()).average().orElse(50);
    int viewers = (int) Math.min(Integer.MAX_VALUE, Math.ceil(o.events() / perView * 1.02));
    SimulatorConfig sim = SimulatorConfig.defaults(o.seed(), viewers).withStart(start).withArrivalWindow(window);
    log("simulating %d viewers (about %.1f events each) from %s over %s", viewers, perView, start, window);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long count = 0;
    long nextLog = 1_000_000;
    try (KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer())) {
      FleetSimulator fleet = new FleetSimulator(sim);
      for (int i = 0; i < viewers && count < o.events(); i++) {
        SimulatedView v = fleet.view(i);
        for (PlaybackEvent e : v.events()) {
          producer.send(new ProducerRecord<>(topic, e.getSessionId(), e));
        }
        count += v.events().size();
        if (count >= nextLog) {
          log("produced %d events", count);
          nextLog += 1_000_000;
        }
      }
      producer.flush();
    }
    return count;
  }

  /**
   * The naive layout of the two big tables, with the same rows: no partitions, no sort order, rows
   * shuffled at random into {@code files} small files each (what an unplanned streaming writer leaves).
   */
  static void copyNaive(SparkSession spark, BatchConfig config, int files) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.lake().namespace("naive"));
    copy(spark, config, config.table(LakeTables.RAW_EVENTS), "naive.playback_events", files);
    copy(spark, config, config.table(LakeTables.VIEW_SESSIONS), "naive.view_sessions", files);
  }

  private static void copy(SparkSession spark, BatchConfig config, String source, String target, int files) {
    try {
      // random keys spread the rows evenly and in no order over `files` tasks, one small file each
      spark.table(source).repartition(files, functions.rand(7)).sortWithinPartitions(functions.rand(11))
          .writeTo(config.table(target))
          .tableProperty("format-version", "2")
          .tableProperty("write.distribution-mode", "none")
          .createOrReplace();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the naive copy " + target + ": " + e.getMessage(), e);
    }
  }

  static List<Timing> timeQueries(Options o, BatchConfig config, LocalDate day, LocalDate weekStart, String title)
      throws SQLException {
    List<Timing> timings = new ArrayList<>();
    String lake = "lake.";
    try (Connection c = DriverManager.getConnection(o.trinoUrl(), "bench", null)) {
      for (AnalystQueries.Query q : AnalystQueries.all()) {
        if (!q.servedByLayout()) {
          continue;
        }
        String sql = q.bind(day, weekStart, title);
        String designed = sql.replace(lake + "raw.", lake + PREFIX + "raw.").replace(lake + "analytics.", lake + PREFIX + "analytics.");
        String naive = sql.replace(lake + "raw.playback_events", lake + PREFIX + "naive.playback_events")
            .replace(lake + "analytics.view_sessions", lake + PREFIX + "naive.view_sessions");
        Measured d = median(c, designed, o.runs());
        Measured n = median(c, naive, o.runs());
        log("%s: designed %.0f ms (cpu %d ms, %d rows, %d splits), naive %.0f ms (cpu %d ms, %d rows, %d splits)",
            q.name(), d.ms(), d.cpuMs(), d.rowsRead(), d.splits(), n.ms(), n.cpuMs(), n.rowsRead(), n.splits());
        timings.add(new Timing(q.name(), q.layout(), d, n));
      }
    }
    return timings;
  }

  private static Measured median(Connection c, String sql, int runs) throws SQLException {
    QueryStats stats = run(c, sql); // warm-up: metadata and file system caches
    double[] ms = new double[runs];
    long[] cpuMs = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      stats = run(c, sql);
      ms[i] = (System.nanoTime() - start) / 1e6;
      cpuMs[i] = stats.getCpuTimeMillis();
    }
    Arrays.sort(ms);
    Arrays.sort(cpuMs);
    return new Measured(ms[runs / 2], cpuMs[runs / 2], stats.getProcessedRows(), stats.getTotalSplits());
  }

  private static QueryStats run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rs.getObject(1);
      }
      return rs.unwrap(TrinoResultSet.class).getStats();
    }
  }

  static void createTopic(String bootstrap, String topic) {
    try (BenchTopics topics = new BenchTopics(bootstrap)) {
      topics.create(topic, 4);
    }
  }

  /** Topics of earlier runs that did not get to delete theirs (killed, or crashed before the end). */
  static List<String> staleTopics(String bootstrap) throws Exception {
    try (BenchTopics topics = new BenchTopics(bootstrap)) {
      return topics.startingWith(TOPIC_PREFIX);
    }
  }

  static void deleteTopics(String bootstrap, List<String> names) throws Exception {
    try (BenchTopics topics = new BenchTopics(bootstrap)) {
      topics.delete(names);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw e;
      }
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[%s] bench: " + format + "%n", prepend(Instant.now().toString(), args));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
