package io.ottplatform.recommender.config;

import io.ottplatform.config.Settings;
import io.ottplatform.lake.CommandFlags;
import io.ottplatform.lake.LakeConfig;
import io.ottplatform.recommender.model.EaseParams;
import io.ottplatform.recommender.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one configuration of the recommender commands, read from {@code recommender.yml} by {@link Settings}
 * (environment overrides, {@code --set key=value}, the short {@link #FLAGS}, every problem at once). The
 * {@code lake.*} keys are the same {@link LakeConfig} the batch jobs read, so both find the same lake.
 *
 * @param csv a {@code user,item,weight,timestamp} file read instead of the lake table, if set
 * @param inputTable the lake table of viewer activity (namespace.table)
 * @param ease the EASE challenger's fixed parameters
 * @param algorithms the model families evaluate, tune and train select among ({@code als}, {@code ease})
 * @param catalogFromServingDb whether train reads the catalog's metadata (serving-api's titles table) for
 *     similar titles of titles without views
 * @param countryTable the lake table giving each profile's country for popular-in-country (namespace.table)
 * @param topN titles kept per profile / similar titles per title / popular titles per country
 * @param holdout share of each profile's latest interactions held out for test, and of the rest for validation
 * @param bootstrapResamples resamples of the bootstrap intervals over profiles
 * @param tune whether train selects among the grid (as tune does) rather than the fixed parameters
 * @param runId the run that promote / export act on
 * @param metric the metric the promotion gate compares
 * @param minLift how much the candidate must beat the serving model by
 * @param relativeLift whether minLift is relative (candidate >= current * (1 + minLift)) or absolute
 * @param arm the serving arm promote / export points at the run
 * @param percent the arm's traffic share; the control arm always takes 100 minus the other arms
 * @param popularity export exports the run's popularity-only version instead of its model
 * @param experiment the settings of {@code experiment} (keys {@code experiment.*})
 */
public record RecommenderConfig(
    LakeConfig lake,
    Optional<Path> csv,
    String inputTable,
    String countryTable,
    boolean catalogFromServingDb,
    AlsParams params,
    EaseParams ease,
    List<String> algorithms,
    List<Integer> gridRanks,
    List<Double> gridRegParams,
    List<Double> gridAlphas,
    List<Double> gridEaseLambdas,
    int topN,
    double holdout,
    int bootstrapResamples,
    boolean tune,
    Optional<String> runId,
    String metric,
    double minLift,
    boolean relativeLift,
    String arm,
    Optional<Integer> percent,
    boolean popularity,
    String servingDbUrl,
    String servingDbUser,
    String servingDbPassword,
    ExperimentConfig experiment) {

  public static final String CONTROL_ARM = "control";

  /** The documented per-command flags, each a shorthand for {@code --set key=value}. */
  public static final CommandFlags FLAGS = CommandFlags.of(
      "csv", "input.csv", "input-table", "input.table", "country-table", "input.country-table", "catalog", "input.catalog",
      "rank", "als.rank", "reg-param", "als.reg-param", "alpha", "als.alpha", "max-iter", "als.max-iter",
      "seed", "als.seed", "ease-lambda", "ease.lambda", "algorithms", "model.algorithms",
      "grid-ease-lambda", "grid.ease-lambda", "grid-rank", "grid.rank", "grid-reg-param", "grid.reg-param", "grid-alpha", "grid.alpha",
      "top-n", "evaluation.top-n", "holdout", "evaluation.holdout",
      "bootstrap-resamples", "evaluation.bootstrap-resamples", "tune", "model.tune", "run-id", "promotion.run-id",
      "metric", "promotion.metric", "min-lift", "promotion.min-lift", "lift", "promotion.lift",
      "arm", "promotion.arm", "percent", "promotion.percent", "popularity", "promotion.popularity",
      "experiment", "experiment.id", "window", "experiment.window");

  private static final List<String> METRICS = List.of("ndcg_at_10", "precision_at_10", "recall_at_10", "map_at_10");

  /** Reads every key; problems stay in {@code s} until its finish(). */
  public static RecommenderConfig read(Settings s) {
    LakeConfig lake = LakeConfig.read(s);
    String csvText = s.string("input.csv", "", "a user,item,weight,timestamp file instead of the lake table (--csv)");
    Optional<Path> csv = csvText.isBlank() ? Optional.empty() : Optional.of(Path.of(csvText.trim()));
    csv.ifPresent(p -> s.check(Files.isReadable(p), "input.csv = '" + p + "': not a readable file"));
    String inputTable = s.string("input.table", "analytics.viewer_activity_daily", "lake table of viewer activity");
    String countryTable = s.string("input.country-table", "analytics.view_sessions", "lake table of viewers' countries");
    for (String[] t : List.of(new String[] {"input.table", inputTable}, new String[] {"input.country-table", countryTable})) {
      s.check(t[1].matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*"),
          t[0] + " = '" + t[1] + "': must be namespace.table (lower-case identifiers)");
    }
    String catalog = s.string("input.catalog", "serving-db",
        "where train reads title metadata for neighbours of unwatched titles: serving-db or none (--catalog)");
    s.check(catalog.equals("serving-db") || catalog.equals("none"), "input.catalog = '" + catalog
        + "': must be serving-db or none");
    int rank = s.integer("als.rank", 64, 1, 1000, "ALS rank (--rank)");
    double reg = s.decimal("als.reg-param", 0.1, 0, 1000, "ALS regularization (--reg-param)");
    double alpha = s.decimal("als.alpha", 0.3, 0, 1e6, "implicit-feedback confidence scale (--alpha)");
    int maxIter = s.integer("als.max-iter", 10, 1, 1000, "ALS iterations (--max-iter)");
    long seed = s.longValue("als.seed", 42, Long.MIN_VALUE, Long.MAX_VALUE, "random seed (--seed)");
    List<Integer> gridRanks = list(s, "grid.rank", "16,64", 1, 1000, "ranks 'grid' tries (--grid-rank)")
        .stream().map(Double::intValue).toList();
    List<Double> gridReg = list(s, "grid.reg-param", "0.1,0.5", 0, 1000, "reg-params 'grid' tries (--grid-reg-param)");
    List<Double> gridAlpha = list(s, "grid.alpha", "0.3,1", 0, 1e6, "alphas 'grid' tries (--grid-alpha)");
    double easeLambda = s.decimal("ease.lambda", 100, 0.001, 1e7, "EASE L2 penalty (--ease-lambda)");
    List<Double> gridEase = list(s, "grid.ease-lambda", "100,200,500,1000,2000", 0.001, 1e7,
        "EASE lambdas 'tune' tries (--grid-ease-lambda)");
    String algorithmsText = s.string("model.algorithms", "als,ease", "model families to select among: als, ease (--algorithms)");
    List<String> algorithms = new ArrayList<>();
    for (String a : algorithmsText.split(",")) {
      String name = a.trim().toLowerCase(Locale.ROOT);
      s.check(name.equals("als") || name.equals("ease"), "model.algorithms = '" + algorithmsText + "': '" + name
          + "' is not als or ease");
      if (!algorithms.contains(name)) {
        algorithms.add(name);
      }
    }
    int topN = s.integer("evaluation.top-n", 50, 1, 1000, "titles kept per profile / title / country (--top-n)");
    double holdout = s.decimal("evaluation.holdout", 0.2, 0.01, 0.9, "share of each profile's latest interactions held out (--holdout)");
    int resamples = s.integer("evaluation.bootstrap-resamples", 1000, 100, 100_000,
        "resamples of the bootstrap intervals over profiles (--bootstrap-resamples)");
    boolean tune = s.bool("model.tune", false, "train selects among the grid on validation, as tune does (--tune)");
    String runIdText = s.string("promotion.run-id", "", "the run promote / export act on (--run-id)");
    Optional<String> runId = runIdText.isBlank() ? Optional.empty() : Optional.of(runIdText.trim());
    String metric = s.string("promotion.metric", "ndcg_at_10", "the metric the gate compares (--metric)");
    s.check(METRICS.contains(metric), "promotion.metric = '" + metric + "': must be one of " + String.join(", ", METRICS));
    double minLift = s.decimal("promotion.min-lift", 0.01, 0, 10, "how much the candidate must beat serving by (--min-lift)");
    String lift = s.string("promotion.lift", "absolute", "absolute|relative (--lift)").toLowerCase(Locale.ROOT);
    s.check(lift.equals("absolute") || lift.equals("relative"), "promotion.lift = '" + lift + "': must be absolute or relative");
    String arm = s.string("promotion.arm", CONTROL_ARM, "the serving arm promote / export points at the run (--arm)");
    s.check(arm.matches("[a-z][a-z0-9_-]{0,31}"), "promotion.arm = '" + arm + "': must be a short lower-case name");
    Optional<Integer> percent = percent(s);
    boolean popularity = s.bool("promotion.popularity", false,
        "export the run's popularity-only version, no per-profile lists (--popularity)");
    if (arm.equals(CONTROL_ARM) && percent.isPresent()) {
      s.check(false, "promotion.percent applies to experiment arms; control takes 100 minus the other arms");
    } else if (!arm.equals(CONTROL_ARM) && percent.isEmpty()) {
      s.check(false, "promotion.arm '" + arm + "' needs promotion.percent (--percent 0..100)");
    }
    String servingUrl = s.string("serving-db.url", "jdbc:postgresql://127.0.0.1:5432/ott", "serving-api's database");
    s.check(servingUrl.startsWith("jdbc:postgresql://"), "serving-db.url = '" + servingUrl + "': must be a jdbc:postgresql:// URL");
    String servingUser = s.string("serving-db.user", "postgres", "serving database user");
    String servingPassword = s.secret("serving-db.password", "", "serving database password");

    AlsParams params = rank > 0 && maxIter > 0 && reg >= 0 && alpha >= 0
        ? new AlsParams(rank, reg, alpha, maxIter, seed) : null; // out of range: already a problem of s
    EaseParams ease = easeLambda > 0 ? new EaseParams(easeLambda) : null; // out of range: already a problem of s
    return new RecommenderConfig(lake, csv, inputTable, countryTable, catalog.equals("serving-db"), params, ease, List.copyOf(algorithms), gridRanks,
        gridReg, gridAlpha, gridEase, topN,
        holdout, resamples, tune, runId, metric, minLift, lift.equals("relative"), arm, percent, popularity, servingUrl, servingUser,
        servingPassword, ExperimentConfig.read(s));
  }

  /** The fixed candidates: what evaluate (and train without --tune) selects among on validation. */
  public List<ModelSpec> fixedCandidates() {
    List<ModelSpec> out = new ArrayList<>();
    if (algorithms.contains("als")) {
      out.add(params);
    }
    if (algorithms.contains("ease")) {
      out.add(ease);
    }
    return out;
  }

  /** Every combination of the grid: what tune (and train --tune) selects among on validation. */
  public List<ModelSpec> gridCandidates() {
    List<ModelSpec> out = new ArrayList<>();
    for (int rank : algorithms.contains("als") ? gridRanks : List.<Integer>of()) {
      for (double reg : gridRegParams) {
        for (double alpha : gridAlphas) {
          out.add(params.with(rank, reg, alpha));
        }
      }
    }
    if (algorithms.contains("ease")) {
      gridEaseLambdas.forEach(l -> out.add(new EaseParams(l)));
    }
    return out;
  }

  public String requireRunId() {
    return runId.orElseThrow(() -> new IllegalArgumentException("--run-id is required (see ml.model_runs)"));
  }

  /** The passwords stay out of logs and exception messages. */
  @Override
  public String toString() {
    return "RecommenderConfig[lake=" + lake + ", csv=" + csv + ", inputTable=" + inputTable + ", params=" + params
        + ", topN=" + topN + ", holdout=" + holdout + ", runId=" + runId + ", metric=" + metric + ", minLift=" + minLift
        + ", relativeLift=" + relativeLift + ", arm=" + arm + ", percent=" + percent + ", servingDbUrl=" + servingDbUrl
        + "]";
  }

  private static Optional<Integer> percent(Settings s) {
    String text = s.string("promotion.percent", "", "an experiment arm's traffic share, 0..100 (--percent)").trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      int p = Integer.parseInt(text);
      s.check(p >= 0 && p <= 100, "promotion.percent = '" + text + "': must be between 0 and 100");
      return Optional.of(p);
    } catch (NumberFormatException e) {
      s.check(false, "promotion.percent = '" + text + "': not a whole number");
      return Optional.empty();
    }
  }

  private static List<Double> list(Settings s, String key, String defaultValue, double min, double max, String description) {
    String text = s.string(key, defaultValue, description + ", comma-separated");
    List<Double> values = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        double v = Double.parseDouble(part.trim());
        s.check(v >= min && v <= max, key + " = '" + text + "': " + part.trim() + " is not between " + min + " and " + max);
        values.add(v);
      } catch (NumberFormatException e) {
        s.check(false, key + " = '" + text + "': " + part.trim() + " is not a number");
      }
    }
    return values;
  }
}
