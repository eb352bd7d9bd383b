package io.ottplatform.recommender.config;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.lake.LakeTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one configuration of the recommender commands: {@code --name value} arguments over environment
 * variables over defaults, validated at once. Lake options ({@code --catalog-uri}, {@code --warehouse},
 * {@code --master}, ...) are handed to {@link BatchConfig}, so the recommender finds the same lake as
 * the batch jobs.
 *
 * @param csv a {@code user,item,weight,timestamp} file read instead of the lake table, if set
 * @param inputTable the lake table of viewer activity (namespace.table)
 * @param countryTable the lake table giving each profile's country for popular-in-country (namespace.table)
 * @param topN titles kept per profile / similar titles per title / popular titles per country
 * @param holdout share of each profile's latest interactions held out for evaluation
 * @param runId the run that promote / export act on
 * @param metric the metric the promotion gate compares
 * @param minLift how much the candidate must beat the serving model by
 * @param relativeLift whether minLift is relative (candidate >= current * (1 + minLift)) or absolute
 * @param arm the serving arm promote / export points at the run
 * @param percent the arm's traffic share; the control arm always takes 100 minus the other arms
 */
public record RecommenderConfig(
    BatchConfig lake,
    Optional<Path> csv,
    String inputTable,
    String countryTable,
    AlsParams params,
    List<Integer> gridRanks,
    List<Double> gridRegParams,
    List<Double> gridAlphas,
    int topN,
    double holdout,
    Optional<String> runId,
    String metric,
    double minLift,
    boolean relativeLift,
    String arm,
    Optional<Integer> percent,
    String servingDbUrl,
    String servingDbUser,
    String servingDbPassword) {

  public static final String CONTROL_ARM = "control";

  private static final List<String> KNOWN = List.of("csv", "input-table", "country-table", "rank", "reg-param",
      "alpha", "max-iter", "seed", "grid-rank", "grid-reg-param", "grid-alpha", "top-n", "holdout", "run-id",
      "metric", "min-lift", "lift", "arm", "percent", "serving-db-url", "serving-db-user", "serving-db-password");

  public static RecommenderConfig parse(String[] args, Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> lakeArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? (arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : arg.substring(2)) : null;
      if (name == null || !KNOWN.contains(name)) {
        lakeArgs.add(arg); // BatchConfig reports unknown options and stray values
        if (name != null && !arg.contains("=") && i + 1 < args.length) {
          lakeArgs.add(args[++i]);
        }
        continue;
      }
      if (arg.contains("=")) {
        opts.put(name, arg.substring(arg.indexOf('=') + 1).trim());
      } else if (i + 1 < args.length) {
        opts.put(name, args[++i].trim());
      } else {
        errors.add(arg + " has no value");
      }
    }
    BatchConfig lake = null;
    try {
      lake = BatchConfig.parse(lakeArgs.toArray(String[]::new), env);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage().replace("invalid batch job settings:\n  ", "").replace("\n  ", "\n"));
    }

    Optional<Path> csv = Optional.ofNullable(opts.get("csv")).map(Path::of);
    csv.filter(p -> !Files.isReadable(p)).ifPresent(p -> errors.add("--csv=" + p + " is not a readable file"));
    String inputTable = opts.getOrDefault("input-table", LakeTables.VIEWER_ACTIVITY_DAILY);
    String countryTable = opts.getOrDefault("country-table", LakeTables.VIEW_SESSIONS);
    for (String t : List.of(inputTable, countryTable)) {
      if (!t.matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*")) {
        errors.add("table " + t + " must be namespace.table (lower-case identifiers)");
      }
    }
    int rank = (int) number(opts.getOrDefault("rank", "32"), "--rank", 1, 1000, errors);
    double reg = number(opts.getOrDefault("reg-param", "0.05"), "--reg-param", 0, 1000, errors);
    double alpha = number(opts.getOrDefault("alpha", "10"), "--alpha", 0, 1e6, errors);
    int maxIter = (int) number(opts.getOrDefault("max-iter", "10"), "--max-iter", 1, 1000, errors);
    long seed = 42;
    try {
      seed = Long.parseLong(opts.getOrDefault("seed", "42"));
    } catch (NumberFormatException e) {
      errors.add("--seed=" + opts.get("seed") + " is not an integer");
    }
    List<Integer> gridRanks = list(opts.getOrDefault("grid-rank", "16,64"), "--grid-rank", 1, 1000, errors)
        .stream().map(Double::intValue).toList();
    List<Double> gridReg = list(opts.getOrDefault("grid-reg-param", "0.01,0.1"), "--grid-reg-param", 0, 1000, errors);
    List<Double> gridAlpha = list(opts.getOrDefault("grid-alpha", "5,20"), "--grid-alpha", 0, 1e6, errors);
    int topN = (int) number(opts.getOrDefault("top-n", "50"), "--top-n", 1, 1000, errors);
    double holdout = number(opts.getOrDefault("holdout", "0.2"), "--holdout", 0.01, 0.9, errors);
    Optional<String> runId = Optional.ofNullable(opts.get("run-id")).filter(s -> !s.isBlank());
    String metric = opts.getOrDefault("metric", "ndcg_at_10");
    if (!List.of("ndcg_at_10", "precision_at_10", "recall_at_10", "map_at_10").contains(metric)) {
      errors.add("--metric=" + metric + " must be one of ndcg_at_10, precision_at_10, recall_at_10, map_at_10");
    }
    double minLift = number(opts.getOrDefault("min-lift", "0.01"), "--min-lift", 0, 10, errors);
    String lift = opts.getOrDefault("lift", "absolute").toLowerCase(Locale.ROOT);
    if (!lift.equals("absolute") && !lift.equals("relative")) {
      errors.add("--lift=" + lift + " must be absolute or relative");
    }
    String arm = opts.getOrDefault("arm", CONTROL_ARM);
    if (!arm.matches("[a-z][a-z0-9_-]{0,31}")) {
      errors.add("--arm=" + arm + " must be a short lower-case name");
    }
    Optional<Integer> percent = Optional.ofNullable(opts.get("percent"))
        .map(p -> (int) number(p, "--percent", 0, 100, errors));
    if (arm.equals(CONTROL_ARM) && percent.isPresent()) {
      errors.add("--percent applies to experiment arms; control takes 100 minus the other arms");
    } else if (!arm.equals(CONTROL_ARM) && percent.isEmpty()) {
      errors.add("--arm " + arm + " needs --percent (0..100)");
    }
    String pgHost = env.getOrDefault("OTT_PG_HOST", "127.0.0.1");
    String pgPort = env.getOrDefault("OTT_PG_PORT", "5432");
    String servingUrl = opts.getOrDefault("serving-db-url", env.getOrDefault("SERVING_DB_URL",
        "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + env.getOrDefault("OTT_DB", "ott")));
    if (!servingUrl.startsWith("jdbc:postgresql://")) {
      errors.add("--serving-db-url=" + servingUrl + " must be a jdbc:postgresql:// URL");
    }
    String servingUser = opts.getOrDefault("serving-db-user", env.getOrDefault("SERVING_DB_USER", "postgres"));
    String servingPassword = opts.getOrDefault("serving-db-password", env.getOrDefault("SERVING_DB_PASSWORD", ""));

    AlsParams params = null;
    if (errors.isEmpty()) {
      params = new AlsParams(rank, reg, alpha, maxIter, seed);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid recommender settings:\n  " + String.join("\n  ", errors));
    }
    return new RecommenderConfig(lake, csv, inputTable, countryTable, params, gridRanks, gridReg, gridAlpha, topN,
        holdout, runId, metric, minLift, lift.equals("relative"), arm, percent, servingUrl, servingUser,
        servingPassword);
  }

  public String requireRunId() {
    return runId.orElseThrow(() -> new IllegalArgumentException("--run-id is required (see ml.model_runs)"));
  }

  public RecommenderConfig withParams(AlsParams p) {
    return new RecommenderConfig(lake, csv, inputTable, countryTable, p, gridRanks, gridRegParams, gridAlphas, topN,
        holdout, runId, metric, minLift, relativeLift, arm, percent, servingDbUrl, servingDbUser, servingDbPassword);
  }

  private static double number(String text, String name, double min, double max, List<String> errors) {
    try {
      double v = Double.parseDouble(text);
      if (v < min || v > max || Double.isNaN(v)) {
        errors.add(name + "=" + text + " must be between " + min + " and " + max);
      }
      return v;
    } catch (NumberFormatException e) {
      errors.add(name + "=" + text + " is not a number");
      return min;
    }
  }

  private static List<Double> list(String text, String name, double min, double max, List<String> errors) {
    List<Double> values = new ArrayList<>();
    for (String part : text.split(",")) {
      values.add(number(part.trim(), name, min, max, errors));
    }
    return values;
  }
}
