package io.ottplatform.recommender;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.LakeSession;
import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.data.Interactions;
import io.ottplatform.recommender.eval.MetricsTable;
import io.ottplatform.recommender.runs.CodeVersion;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import io.ottplatform.recommender.serving.ServingExport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The data scientist's entry point: {@code ./ott recommender <command> [flags] [--set key=value ...]
 * [--config FILE] [--help]}, or
 * {@code spark-submit --class io.ottplatform.recommender.RecommenderCli recommender-spark.jar train ...}.
 * Settings come from the bundled {@code recommender.yml} (docs/recommender.md).
 * Exit codes: 0 done, 2 bad arguments or settings, 3 promotion refused by the gate, 1 anything else.
 */
public final class RecommenderCli {

  static final String USAGE = """
      usage: recommender <command> [flags] [--set key=value ...] [--config FILE] [--help]
        train      fit ALS, evaluate against popularity, refit on all data, write ml.* outputs, record the run
        evaluate   fit on the time split and evaluate only (recorded in ml.model_runs, no outputs)
        grid       evaluate every combination of --grid-rank, --grid-reg-param, --grid-alpha
        runs       list ml.model_runs
        promote    --run-id ID: export the run to serving only if it beats the control model (--metric ndcg_at_10,
                   --min-lift 0.01, --lift absolute|relative); --arm candidate --percent 10 for an A/B arm
        export     --run-id ID: export and switch without the gate (first load, rollback)
      input: the lake table --input-table analytics.viewer_activity_daily (default) or --csv user,item,weight,timestamp
      model: --rank 32 --reg-param 0.05 --alpha 10 --max-iter 10 --seed 42 --top-n 50 --holdout 0.2
      serving database and lake: --set serving-db.url=... (OTT_DB_URL), --set lake.catalog-db.url=... (OTT_PG_*, OTT_LAKE_DB)
      'recommender <command> --help' lists every flag and setting with the value in effect.""";

  private RecommenderCli() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.err.println(USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (!List.of("train", "evaluate", "grid", "runs", "promote", "export").contains(command)) {
      System.err.println("unknown command: " + command + "\n" + USAGE);
      System.exit(2);
    }
    Settings settings = settings(rest, System.getenv());
    RecommenderConfig config = RecommenderConfig.read(settings);
    if (command.equals("promote") || command.equals("export")) {
      settings.check(config.runId().isPresent(), command + " needs promotion.run-id (--run-id ID, see 'runs')");
    }
    if (settings.helpRequested()) {
      System.out.println(USAGE + "\n\n" + RecommenderConfig.FLAGS.help() + settings.help());
      System.exit(0);
    }
    try {
      settings.finish();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int exit;
    try (SparkSession spark = LakeSession.create(config.lake(), "recommender " + command)) {
      exit = run(command, spark, config);
    } catch (IllegalArgumentException e) {
      System.err.println("recommender " + command + ": " + e.getMessage());
      exit = 2;
    }
    System.exit(exit);
  }

  /** A command's settings: {@code recommender.yml}, the environment, the flags and {@code --set}s. */
  public static Settings settings(String[] args, Map<String, String> env) {
    return Settings.load("recommender", RecommenderConfig.FLAGS.toSettingsArguments(args), env);
  }

  static int run(String command, SparkSession spark, RecommenderConfig config) {
    ModelRuns runs = new ModelRuns(spark, config.lake());
    switch (command) {
      case "runs" -> {
        printRuns(runs.all());
        return 0;
      }
      case "promote", "export" -> {
        Promotion promotion = new Promotion(runs, new ServingExport(config.servingDbUrl(), config.servingDbUser(),
            config.servingDbPassword()), config);
        try {
          ServingExport.Switch s = command.equals("promote") ? promotion.promote(config.requireRunId())
              : promotion.export(config.requireRunId());
          System.out.printf(Locale.ROOT, "arm %s now serves %s at %d%% (previous %s kept for rollback; %s; %d old "
                  + "version(s) deleted)%n", s.arm(), s.modelVersion(), s.trafficPercent(), s.previousVersion(),
              s.loaded() ? "rows loaded" : "rows were already loaded", s.deletedVersions());
          return 0;
        } catch (Promotion.Refused e) {
          System.err.println(e.getMessage());
          return 3;
        }
      }
      default -> {
        return train(command, spark, config, runs);
      }
    }
  }

  private static int train(String command, SparkSession spark, RecommenderConfig config, ModelRuns runs) {
    JobSteps steps = new JobSteps(spark, "recommender " + command);
    TrainingJob job = new TrainingJob(spark, config, runs, Clock.systemUTC(), CodeVersion.resolve(System.getenv()));
    Interactions.Loaded input = config.csv().map(p -> Interactions.fromCsv(spark, p))
        .orElseGet(() -> Interactions.fromLake(spark, config.lake(), config.inputTable()));
    TrainingJob.Prepared prepared = job.prepare(steps, input, config.csv().isPresent() ? null : viewCountries(spark, config));
    List<TrainingJob.Result> results = new ArrayList<>();
    if (command.equals("grid")) {
      for (int rank : config.gridRanks()) {
        for (double reg : config.gridRegParams()) {
          for (double alpha : config.gridAlphas()) {
            results.add(job.evaluate(steps, prepared, config.params().with(rank, reg, alpha), "grid"));
          }
        }
      }
      results.sort(Comparator.comparingDouble((TrainingJob.Result r) -> r.run().metric(config.metric())).reversed());
    } else if (command.equals("evaluate")) {
      results.add(job.evaluate(steps, prepared, config.params(), "evaluate"));
    } else {
      results.add(job.train(steps, prepared, config.params()));
    }
    MetricsTable table = new MetricsTable();
    for (TrainingJob.Result r : results) {
      table.add("als " + r.params().label() + "  [" + r.run().runId() + "]", r.als());
    }
    table.add("popularity baseline", prepared.popularity());
    System.out.println();
    System.out.print(table.render());
    TrainingJob.Result best = results.get(0);
    double base = prepared.popularity().asMap().get(config.metric());
    System.out.printf(Locale.ROOT, "%nbest: %s %s=%.4f (%.2fx popularity), input %s snapshot %s, code %s%n",
        best.run().runId(), config.metric(), best.run().metric(config.metric()),
        base == 0 ? Double.NaN : best.run().metric(config.metric()) / base, best.run().inputTable(),
        best.run().inputSnapshotId(), best.run().codeVersion());
    if (command.equals("train")) {
      System.out.println("promote it with: ./ott recommender promote --run-id " + best.run().runId());
    }
    return 0;
  }

  /** Each view's profile and country, when the lake has the sessions table; null otherwise (only '*' popular). */
  private static Dataset<Row> viewCountries(SparkSession spark, RecommenderConfig config) {
    String table = config.lake().table(config.countryTable());
    if (!spark.catalog().tableExists(table)) {
      return null;
    }
    return spark.table(table).select("profile_id", "country");
  }

  private static void printRuns(List<RunRecord> runs) {
    System.out.printf(Locale.ROOT, "%-32s %-8s %-20s %-44s %9s %9s %8s %s%n", "run_id", "command", "started_at",
        "params", "ndcg@10", "pop@10", "outputs", "input@snapshot / code");
    for (RunRecord r : runs) {
      Map<String, String> p = r.params();
      System.out.printf(Locale.ROOT, "%-32s %-8s %-20s %-44s %9.4f %9.4f %8s %s@%s / %s%n", r.runId(), r.command(),
          r.startedAt().toString().substring(0, 19), "rank=" + p.get("rank") + " reg=" + p.get("reg_param") + " alpha="
              + p.get("alpha") + " iter=" + p.get("max_iter") + " seed=" + p.get("seed"),
          r.metrics().getOrDefault("ndcg_at_10", Double.NaN), r.baselineMetrics().getOrDefault("ndcg_at_10", Double.NaN),
          r.outputsWritten(), r.inputTable(), r.inputSnapshotId(), r.codeVersion());
    }
  }
}
