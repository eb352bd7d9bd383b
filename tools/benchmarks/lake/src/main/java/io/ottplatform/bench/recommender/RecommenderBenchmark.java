package io.ottplatform.bench.recommender;

import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchLine;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.recommender.config.AlsParams;
import io.ottplatform.recommender.data.PlantedData;
import io.ottplatform.recommender.data.RatingsData;
import io.ottplatform.recommender.eval.Bootstrap;
import io.ottplatform.recommender.eval.MetricsTable;
import io.ottplatform.recommender.eval.Protocol;
import io.ottplatform.recommender.eval.RankingMetrics;
import io.ottplatform.recommender.model.EaseParams;
import io.ottplatform.recommender.model.ModelSpec;
import io.ottplatform.recommender.model.Trained;
import io.ottplatform.recommender.model.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./ott bench recommender}: training time, and offline quality under the recommender's protocol
 * (train / validation / test by time per profile, selection on validation, test scored once), on
 * generated data. Needs no platform (no lake, no database): it measures the models, not the I/O.
 *
 * <ol>
 *   <li><b>Training time</b> on planted-taste data ({@link PlantedData}) at ~1,000 profiles × 1,700 titles ×
 *       100K interactions and ~6,000 × 3,700 × 1M: the ALS fit (documented defaults) on train + validation,
 *       Spark's start added for the 1M size. The large size also gives {@code ndcg_als} and
 *       {@code ndcg_popularity} (test split), and {@code challenger_ndcg}: EASE (documented default lambda)
 *       on the same split.</li>
 *   <li><b>Three data shapes</b>, each tuned on validation over the grid (ALS and EASE), the chosen model
 *       scored once on test against plain Spark ALS with Spark's defaults (rank 10, maxIter 10, regParam
 *       0.1, alpha 1) and popularity, all on the same test split: the planted clusters (the small size),
 *       explicit ratings calibrated to the public movie-rating sets ({@link RatingsData}: 20+ ratings per
 *       user, 1–5 stars, MovieLens 100K's popularity curve, later ratings deeper within the user's tastes)
 *       and the small planted size with 64 clusters ({@code --fine-clusters}). {@code ndcg_vs_als_default}
 *       is the smallest tuned / plain ratio over the shapes (target ≥ 1.1), and each shape's tuned /
 *       popularity ratio is printed (≥ 1.5). Each planted shape's ceiling ({@link PlantedOracle}) is
 *       printed beside it.</li>
 *   <li><b>The sweep</b> behind the documented defaults: every grid point's validation NDCG@10 over
 *       popularity's, per shape; the point with the best worst-shape ratio is printed per family.</li>
 * </ol>
 *
 * Ends with {@code BENCH recommender-train train_100k_s=.. train_1m_s=.. ndcg_als=.. ndcg_popularity=..
 * ndcg_lift_vs_popularity=.. ndcg_vs_als_default=.. challenger_ndcg=.. planted_oracle_ndcg=..}
 * ({@code planted_oracle_ndcg}: {@link PlantedOracle} on the small planted shape's test split, its ceiling).
 */
public final class RecommenderBenchmark {

  record Size(int profiles, int titles, long interactions) {
    static Size parse(String text) {
      String[] p = text.split("x");
      if (p.length != 3) {
        throw new IllegalArgumentException("size " + text + " must be PROFILESxTITLESxINTERACTIONS");
      }
      return new Size(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2]));
    }
  }

  /** One shape's outcome: the tuned model, plain ALS defaults and popularity on the same test split. */
  record ShapeOutcome(String shape, ModelSpec chosen, double tuned, double plainAls, double popularity,
      Map<String, Double> validationLift) {}

  private RecommenderBenchmark() {}

  public static void main(String[] argv) {
    BenchArgs o = options().parseOrExit(argv);
    long seed = o.longValue("seed");
    AlsParams als = new AlsParams(o.atLeast("rank", 1), o.decimal("reg-param"), o.decimal("alpha"),
        o.atLeast("max-iter", 1), seed);
    EaseParams ease = new EaseParams(o.decimal("ease-lambda"));
    List<ModelSpec> grid = grid(o, als);
    long start = System.nanoTime();
    SparkSession spark = SparkSession.builder().appName("recommender bench").master(o.string("master"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    double sparkStart = (System.nanoTime() - start) / 1e9;
    try {
      System.out.printf(Locale.ROOT, "spark session (%s) started in %.1f s; defaults %s, %s; grid of %d%n",
          o.string("master"), sparkStart, als.label(), ease.label(), grid.size());
      int clusters = o.atLeast("clusters", 1);
      double taste = o.decimal("taste");
      Size small = Size.parse(o.string("small"));
      Size large = Size.parse(o.string("large"));

      PlantedData plantedSmall = new PlantedData(small.profiles(), small.titles(), small.interactions(), clusters, taste,
          seed);
      Protocol smallProtocol = protocol(spark, planted(plantedSmall, small), o);
      double train100k = timedFit(smallProtocol, als).seconds();
      Protocol largeProtocol = protocol(spark, planted(new PlantedData(large.profiles(), large.titles(),
          large.interactions(), clusters, taste, seed), large), o);
      Timed largeAls = timedFit(largeProtocol, als);
      double train1m = sparkStart + largeAls.seconds();
      RankingMetrics alsLarge = largeProtocol.test().judge(largeAls.model()).metrics();
      RankingMetrics popularityLarge = largeProtocol.popularityOnTest();
      Timed largeEase = timedFit(largeProtocol, ease);
      RankingMetrics easeLarge = largeProtocol.test().judge(largeEase.model()).metrics();
      System.out.printf(Locale.ROOT, "%nlarge planted size, test split (fit on train + validation):%n");
      System.out.print(new MetricsTable().add(als.label() + String.format(Locale.ROOT, "  (fit %.1f s)", largeAls.seconds()),
              alsLarge).add(ease.label() + String.format(Locale.ROOT, "  (fit %.1f s)", largeEase.seconds()), easeLarge)
          .add("popularity", popularityLarge).render());

      List<ShapeOutcome> shapes = new ArrayList<>();
      shapes.add(shape("planted " + o.string("small"), smallProtocol, grid, seed));
      RatingsData ratings = new RatingsData(o.atLeast("ratings-users", 1), o.atLeast("ratings-titles", 100),
          o.atLeast("ratings-genres", 2), seed);
      Dataset<Row> ratingRows = ratings.generate(spark, 8).cache();
      System.out.printf(Locale.ROOT, "%nexplicit ratings: %d users x %d titles, %d ratings (1-5 stars)%n",
          o.integer("ratings-users"), o.integer("ratings-titles"), ratingRows.count());
      shapes.add(shape("ratings " + o.string("ratings-users") + "x" + o.string("ratings-titles"),
          protocol(spark, ratingRows, o), grid, seed));
      // the same planted sizes with finer tastes: more clusters than Spark's default rank 10 can hold
      int fineClusters = o.atLeast("fine-clusters", 0);
      PlantedData plantedFine = null;
      Protocol fineProtocol = null;
      if (fineClusters > 0) {
        plantedFine = new PlantedData(small.profiles(), small.titles(), small.interactions(), fineClusters, taste, seed);
        fineProtocol = protocol(spark, planted(plantedFine, small), o);
        shapes.add(shape("planted " + fineClusters + " clusters", fineProtocol, grid, seed));
      }

      System.out.printf(Locale.ROOT, "%n%-28s %-34s %8s %9s %9s %11s %11s%n", "shape", "chosen on validation",
          "tuned", "als-dflt", "popular", "vs als-dflt", "vs popular");
      double worstVsDefault = Double.POSITIVE_INFINITY;
      for (ShapeOutcome s : shapes) {
        double vsDefault = s.tuned() / s.plainAls();
        worstVsDefault = Math.min(worstVsDefault, vsDefault);
        System.out.printf(Locale.ROOT, "%-28s %-34s %8.4f %9.4f %9.4f %10.2fx %10.2fx%n", s.shape(), s.chosen().label(),
            s.tuned(), s.plainAls(), s.popularity(), vsDefault, s.tuned() / s.popularity());
      }
      printSweep(grid, shapes);
      double oracle = ceiling(o.string("small") + ", " + clusters + " clusters", plantedSmall, smallProtocol, shapes.get(0));
      if (plantedFine != null) {
        ceiling(o.string("small") + ", " + fineClusters + " clusters", plantedFine, fineProtocol, shapes.get(shapes.size() - 1));
      }
      double lift = popularityLarge.ndcg() == 0 ? Double.NaN : alsLarge.ndcg() / popularityLarge.ndcg();
      System.out.printf(Locale.ROOT, "%nlarge size: fit %.1f s + spark start %.1f s = %.1f s (target < 180 s); "
          + "NDCG@10 ALS/popularity = %.2f (target >= 1.5); tuned/plain ALS defaults, worst shape = %.2f (target >= 1.1)%n",
          largeAls.seconds(), sparkStart, train1m, lift, worstVsDefault);
      BenchLine.of("recommender-train").put("train_100k_s", train100k, 1).put("train_1m_s", train1m, 1)
          .put("ndcg_als", alsLarge.ndcg(), 4).put("ndcg_popularity", popularityLarge.ndcg(), 4)
          .put("ndcg_lift_vs_popularity", lift, 2).put("ndcg_vs_als_default", worstVsDefault, 2)
          .put("challenger_ndcg", easeLarge.ndcg(), 4).put("planted_oracle_ndcg", oracle, 4).print();
    } finally {
      spark.stop();
    }
  }

  /** The planted shape's ceiling ({@link PlantedOracle}) on its test split, against the shape's outcome. */
  static double ceiling(String name, PlantedData planted, Protocol protocol, ShapeOutcome outcome) {
    double oracle = protocol.test().judge(new PlantedOracle(planted, protocol.ids())).metrics().ndcg();
    System.out.printf(Locale.ROOT, "%nplanted %s: the oracle (true clusters and popularity) NDCG@10 %.4f on test = "
        + "%.2fx plain ALS defaults (%.4f; 1.1x would be %.4f); the tuned model reaches %.0f%% of it%n", name, oracle,
        oracle / outcome.plainAls(), outcome.plainAls(), 1.1 * outcome.plainAls(), 100 * outcome.tuned() / oracle);
    return oracle;
  }

  record Timed(Trained model, double seconds) {}

  /** The fit alone, timed, on train + validation (what the test split is judged against). */
  static Timed timedFit(Protocol protocol, ModelSpec spec) {
    long t0 = System.nanoTime();
    Trained model = Trainer.fit(protocol.test().training(), spec, 2);
    return new Timed(model, (System.nanoTime() - t0) / 1e9);
  }

  static Dataset<Row> planted(PlantedData planted, Size size) {
    SparkSession spark = SparkSession.active();
    Dataset<Row> rows = planted.generate(spark, 8).cache();
    System.out.printf(Locale.ROOT, "%nplanted %d profiles x %d titles: %d interactions%n", size.profiles(),
        size.titles(), rows.count());
    return rows;
  }

  static Protocol protocol(SparkSession spark, Dataset<Row> rows, BenchArgs o) {
    return Protocol.prepare(spark, new JobSteps(spark, "recommender bench"), rows, 0.2, "ndcg_at_10",
        new Bootstrap(1000, 0.95, o.longValue("seed")), 2);
  }

  /** Tunes on validation, then scores the chosen model and plain ALS defaults once each on test. */
  static ShapeOutcome shape(String name, Protocol protocol, List<ModelSpec> grid, long seed) {
    System.out.printf(Locale.ROOT, "%n%s: selecting among %d candidates on validation%n", name, grid.size());
    Protocol.Selection selection = protocol.select(grid);
    RankingMetrics popularityValidation = protocol.popularityOnValidation();
    MetricsTable table = new MetricsTable();
    Map<String, Double> lift = new LinkedHashMap<>();
    for (Protocol.Scored s : selection.ranked()) {
      table.add(s.spec().label(), s.validation());
      lift.put(s.spec().label(), s.validation().ndcg() / popularityValidation.ndcg());
    }
    System.out.print(table.add("popularity", popularityValidation).render());
    Protocol.Tested tuned = protocol.test(selection.best().spec());
    AlsParams defaults = AlsParams.sparkDefaults(seed);
    double plain = selection.best().spec().equals(defaults) ? tuned.test().ndcg() : protocol.test(defaults).test().ndcg();
    System.out.printf(Locale.ROOT, "%s on test: %s; %s on test: NDCG@10 %.4f%n", selection.best().spec().label(),
        tuned.summary(), defaults.label() + " (Spark's defaults)", plain);
    return new ShapeOutcome(name, selection.best().spec(), tuned.test().ndcg(), plain, tuned.popularity().ndcg(), lift);
  }

  /** Per grid point, the validation lift over popularity on each shape, and the best worst-shape point per family. */
  static void printSweep(List<ModelSpec> grid, List<ShapeOutcome> shapes) {
    System.out.printf(Locale.ROOT, "%nsweep (validation NDCG@10 / popularity's, per shape):%n");
    Map<String, ModelSpec> bestPerFamily = new LinkedHashMap<>();
    Map<String, Double> bestWorst = new LinkedHashMap<>();
    for (ModelSpec spec : grid) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-40s", spec.label()));
      double worst = Double.POSITIVE_INFINITY;
      for (ShapeOutcome s : shapes) {
        double l = s.validationLift().getOrDefault(spec.label(), Double.NaN);
        worst = Math.min(worst, l);
        line.append(String.format(Locale.ROOT, " %6.2fx", l));
      }
      System.out.println(line.append(String.format(Locale.ROOT, "   worst %.2fx", worst)));
      if (worst > bestWorst.getOrDefault(spec.algorithm(), Double.NEGATIVE_INFINITY)) {
        bestWorst.put(spec.algorithm(), worst);
        bestPerFamily.put(spec.algorithm(), spec);
      }
    }
    bestPerFamily.forEach((family, spec) -> System.out.printf(Locale.ROOT,
        "best worst-shape %s: %s (%.2fx popularity on validation)%n", family, spec.label(), bestWorst.get(family)));
  }

  static List<ModelSpec> grid(BenchArgs o, AlsParams base) {
    List<ModelSpec> out = new ArrayList<>();
    for (String rank : o.string("grid-rank").split(",")) {
      for (String reg : o.string("grid-reg-param").split(",")) {
        for (String alpha : o.string("grid-alpha").split(",")) {
          out.add(base.with(Integer.parseInt(rank.trim()), Double.parseDouble(reg.trim()), Double.parseDouble(alpha.trim())));
        }
      }
    }
    for (String lambda : o.string("grid-ease-lambda").split(",")) {
      out.add(new EaseParams(Double.parseDouble(lambda.trim())));
    }
    return out;
  }

  private static BenchArgs options() {
    return BenchArgs.declare("recommender-train", "training time and NDCG@10 under the train/validation/test protocol")
        .option("master", "local[2]", "Spark master")
        // the documented defaults (docs/recommender.md), chosen by this benchmark's sweep over both shapes
        .option("rank", "64", "ALS rank")
        .option("max-iter", "10", "ALS iterations")
        .option("reg-param", "0.1", "ALS regularisation")
        .option("alpha", "0.3", "implicit-feedback confidence scale")
        .option("ease-lambda", "100", "EASE L2 penalty")
        .option("seed", "42", "random seed")
        .option("grid-rank", "16,64", "ranks the tuning tries")
        .option("grid-reg-param", "0.1,0.5", "ALS regularisations the tuning tries")
        .option("grid-alpha", "0.3,1", "alphas the tuning tries")
        .option("grid-ease-lambda", "100,200,500,1000,2000", "EASE lambdas the tuning tries")
        .option("clusters", "16", "planted taste clusters")
        .option("fine-clusters", "64", "a third shape: the small planted size with this many clusters (0: none)")
        .option("taste", "0.8", "share of a profile's views inside its cluster")
        .option("small", "1000x1700x100000", "the small planted size, PROFILESxTITLESxINTERACTIONS (train_100k_s, a shape)")
        .option("large", "6000x3700x1000000", "the large planted size (train_1m_s, ndcg_als, challenger_ndcg)")
        .option("ratings-users", "1000", "users of the explicit-ratings shape")
        .option("ratings-titles", "1700", "titles of the explicit-ratings shape")
        .option("ratings-genres", "18", "genres of the explicit-ratings shape (MovieLens has 18)");
  }
}
