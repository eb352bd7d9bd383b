package io.ottplatform.batch.bench;

import io.ottplatform.batch.AnalystQueries;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.lake.LakeSession;
import io.ottplatform.batch.lake.LakeTables;
import io.ottplatform.batch.land.LandEventsJob;
import io.ottplatform.batch.session.SessionizeJob;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.FleetSimulator;
import io.ottplatform.simulator.SimulatedView;
import io.ottplatform.simulator.SimulatorConfig;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * timed runs per query (default 3, median kept); any other option is a {@link BatchConfig} option.
 * The events go to a topic of their own ({@code bench.playback.events.<run>}, deleted afterwards);
 * the benchmark's days are cleared from the lake first, so it can be rerun.
 *
 * <p>Ends with one line: {@code BENCH batch land_events_per_s=<n> sessionize_events_per_s=<n>
 * total_events_per_s=<n> min_layout_speedup=<r>}, the speed-up being the smallest over the queries
 * that filter one day or one title.
 */
public final class BatchBenchmark {

  record Options(long events, int days, LocalDate start, long seed, String trinoUrl, int naiveFiles, int runs,
      String[] batchArgs) {

    static Options parse(String[] args) {
      Map<String, String> own = new HashMap<>(Map.of("events", "10000000", "days", "7", "start", "2026-10-01",
          "seed", "1", "trino-url", "jdbc:trino://127.0.0.1:8080/lake", "naive-files", "1000", "runs", "3"));
      List<String> rest = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
        if (own.containsKey(name) && i + 1 < args.length) {
          own.put(name, args[++i]);
        } else {
          rest.add(args[i]);
        }
      }
      return new Options(Long.parseLong(own.get("events")), Integer.parseInt(own.get("days")),
          LocalDate.parse(own.get("start")), Long.parseLong(own.get("seed")), own.get("trino-url"),
          Integer.parseInt(own.get("naive-files")), Integer.parseInt(own.get("runs")), rest.toArray(String[]::new));
    }
  }

  record Timing(String query, String layout, double designedMs, double naiveMs) {
    double speedup() {
      return naiveMs / designedMs;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String topic = "bench.playback.events." + System.currentTimeMillis();
    List<String> batchArgs = new ArrayList<>(Arrays.asList(o.batchArgs()));
    batchArgs.addAll(List.of("--topic", topic));
    BatchConfig config = BatchConfig.parse(batchArgs.toArray(String[]::new), System.getenv());
    SparkSession spark = LakeSession.create(config, "batch-benchmark");
    try {
      LakeTables.ensureAll(spark, config);
      LocalDate end = o.start().plusDays(o.days() - 1);
      clearDays(spark, config, o.start(), end.plusDays(1));

      createTopic(config.kafkaBootstrap(), topic);
      long produceStart = System.nanoTime();
      long produced = produce(config.kafkaBootstrap(), topic, o);
      log("produced %d events to %s in %.1f s", produced, topic, seconds(produceStart));

      long landStart = System.nanoTime();
      LandEventsJob.Result landed = new LandEventsJob(spark, config, Clock.systemUTC()).run();
      double landS = seconds(landStart);
      log("landed %d events in %.1f s", landed.events(), landS);

      long sessStart = System.nanoTime();
      long views = 0;
      for (LocalDate d = o.start(); !d.isAfter(end); d = d.plusDays(1)) {
        views += new SessionizeJob(spark, config.withDate(d), Clock.systemUTC()).run().views();
      }
      double sessS = seconds(sessStart);
      log("sessionized %d views (%d events) in %.1f s", views, landed.events(), sessS);

      long naiveStart = System.nanoTime();
      copyNaive(spark, config, o, end);
      log("naive copies written in %.1f s", seconds(naiveStart));

      LocalDate day = o.start().plusDays(o.days() / 2);
      String title = spark.sql("SELECT title_id FROM " + config.table(LakeTables.VIEW_SESSIONS) + " WHERE view_date = DATE '"
          + day + "' GROUP BY title_id ORDER BY count(*) DESC, title_id LIMIT 1").first().getString(0);
      List<Timing> timings = timeQueries(o, day, o.start(), title);

      System.out.println();
      System.out.println("| query | filter | designed ms | naive ms | speed-up |");
      System.out.println("| --- | --- | ---: | ---: | ---: |");
      double minSpeedup = Double.MAX_VALUE;
      for (Timing t : timings) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1fx |%n", t.query(), t.layout(), t.designedMs(),
            t.naiveMs(), t.speedup());
        minSpeedup = Math.min(minSpeedup, t.speedup());
      }
      long events = landed.events();
      System.out.printf(Locale.ROOT, "%nland %.1f s, sessionize %.1f s, %d events, %d views%n", landS, sessS, events, views);
      System.out.printf(Locale.ROOT, "BENCH batch land_events_per_s=%d sessionize_events_per_s=%d total_events_per_s=%d "
          + "min_layout_speedup=%.2f%n", Math.round(events / landS), Math.round(events / sessS),
          Math.round(events / (landS + sessS)), minSpeedup);
      deleteTopic(config.kafkaBootstrap(), topic);
    } finally {
      spark.stop();
    }
  }

  /** Removes earlier benchmark rows of these days (partition-aligned deletes: metadata only). */
  static void clearDays(SparkSession spark, BatchConfig config, LocalDate from, LocalDate to) {
    String range = " BETWEEN DATE '" + from + "' AND DATE '" + to + "'";
    spark.sql("DELETE FROM " + config.table(LakeTables.RAW_EVENTS) + " WHERE event_date" + range);
    for (String t : List.of(LakeTables.VIEW_SESSIONS, LakeTables.QOE_DAILY, LakeTables.TITLE_ENGAGEMENT_DAILY,
        LakeTables.VIEWER_ACTIVITY_DAILY)) {
      spark.sql("DELETE FROM " + config.table(t) + " WHERE view_date" + range);
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

  static void copyNaive(SparkSession spark, BatchConfig config, Options o, LocalDate end) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.catalog() + ".bench_naive");
    String range = " BETWEEN DATE '" + o.start() + "' AND DATE '" + end.plusDays(1) + "'";
    copy(spark, config, "SELECT * FROM " + config.table(LakeTables.RAW_EVENTS) + " WHERE event_date" + range,
        "bench_naive.playback_events", o.naiveFiles());
    copy(spark, config, "SELECT * FROM " + config.table(LakeTables.VIEW_SESSIONS) + " WHERE view_date" + range,
        "bench_naive.view_sessions", Math.max(1, o.naiveFiles() / 5));
  }

  private static void copy(SparkSession spark, BatchConfig config, String select, String target, int files) {
    try {
      // round-robin repartitioning shuffles the rows: no partitions, no order, `files` small files
      spark.sql(select).repartition(files).sortWithinPartitions(functions.rand())
          .writeTo(config.table(target))
          .tableProperty("format-version", "2")
          .tableProperty("write.distribution-mode", "none")
          .createOrReplace();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the naive copy " + target + ": " + e.getMessage(), e);
    }
  }

  static List<Timing> timeQueries(Options o, LocalDate day, LocalDate weekStart, String title) throws SQLException {
    List<Timing> timings = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(o.trinoUrl(), "bench", null)) {
      for (AnalystQueries.Query q : AnalystQueries.all()) {
        if (!q.servedByLayout()) {
          continue;
        }
        String designed = q.bind(day, weekStart, title);
        String naive = designed.replace("lake.raw.playback_events", "lake.bench_naive.playback_events")
            .replace("lake.analytics.view_sessions", "lake.bench_naive.view_sessions");
        double d = median(c, designed, o.runs());
        double n = median(c, naive, o.runs());
        log("%s: designed %.0f ms, naive %.0f ms", q.name(), d, n);
        timings.add(new Timing(q.name(), q.layout(), d, n));
      }
    }
    return timings;
  }

  private static double median(Connection c, String sql, int runs) throws SQLException {
    run(c, sql); // warm-up: metadata and file system caches
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run(c, sql);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  static void createTopic(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
    }
  }

  static void deleteTopic(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.deleteTopics(List.of(topic)).all().get();
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
