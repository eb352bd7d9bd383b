package io.ottplatform.recommender;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.LakeConfig;
import io.ottplatform.lake.LakeSession;
import io.ottplatform.recommender.config.ExperimentConfig;
import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.data.CatalogTitle;
import io.ottplatform.recommender.data.CatalogTitles;
import io.ottplatform.recommender.data.Interactions;
import io.ottplatform.recommender.eval.MetricsTable;
import io.ottplatform.recommender.experiment.ExperimentJob;
import io.ottplatform.recommender.experiment.ExperimentReport;
import io.ottplatform.recommender.eval.Protocol;
import io.ottplatform.recommender.model.ModelSpec;
import io.ottplatform.recommender.runs.CodeVersion;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import io.ottplatform.recommender.serving.ServingExport;
import java.time.Clock;
import java.util.Arrays;
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
 * Exit codes: 0 done, 2 bad arguments or settings, 3 promotion refused by the gate, 4 an experiment's sample ratio
 * does not match its split (its figures are not to be trusted), 1 anything else.
 */
public final class RecommenderCli {

  static final String USAGE = """
      usage: recommender <command> [flags] [--set key=value ...] [--config FILE] [--help]
        train      select on validation, score once on test against popularity (bootstrap intervals), refit on
                   all data, write ml.* outputs, record the run (--tune true: select among the grid)
        evaluate   the same without outputs (recorded in ml.model_runs)
        tune       select among every combination of --grid-rank, --grid-reg-param, --grid-alpha on validation,
                   score the chosen one once on test (grid: the same)
        runs       list ml.model_runs
        promote    --run-id ID: export the run to serving only if it beats the control model (--metric ndcg_at_10,
                   --min-lift 0.01, --lift absolute|relative); --arm candidate --percent 10 for an A/B arm
        export     --run-id ID: export and switch without the gate (first load, rollback); --popularity true exports
                   the run's popularity-only version (serving popularity per country on purpose)
        experiment --experiment ID: per arm impressions, profiles, click-through, plays and minutes per profile with
                   95% bootstrap intervals, each arm minus control, and the sample-ratio check (plays attributed within
                   --window 24h); without --experiment: list the experiments in ml.impressions. Exit 4 on a mismatch
      input: the lake table --input-table analytics.viewer_activity_daily (default) or --csv user,item,weight,timestamp
      models: --algorithms als,ease; ALS --rank --reg-param --alpha --max-iter --seed; EASE --ease-lambda;
              --top-n 50 --holdout 0.2; catalog metadata for unwatched titles: --catalog serving-db|none
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
    if (!List.of("train", "evaluate", "tune", "grid", "runs", "promote", "export", "experiment").contains(command)) {
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
      exit = command.equals("experiment") ? experiment(spark, config) : run(command, spark, config);
    } catch (IllegalArgumentException e) {
      System.err.println("recommender " + command + ": " + e.getMessage());
      exit = 2;
    }
    System.exit(exit);
  }

  /** A command's settings: {@code recommender.yml} over libs/lake's {@code lake.yml}, the environment, flags, {@code --set}s. */
  public static Settings settings(String[] args, Map<String, String> env) {
    return Settings.load("recommender", RecommenderConfig.FLAGS.toSettingsArguments(args), env,
        LakeConfig.SETTINGS_BASE);
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
              : promotion.export(config.requireRunId(), config.popularity());
          printSwitch(s);
          return 0;
        } catch (Promotion.Refused e) {
          // stdout, like a promotion's reason: the demo and scripts read one stream for the gate's decision
          System.out.println(e.getMessage());
          if (e.fallback() != null) {
            printSwitch(e.fallback());
          }
          return 3;
        }
      }
      default -> {
        return train(command, spark, config, runs);
      }
    }
  }

  /** Lists the experiments, or reports one; 4 when its sample ratio does not match its split. */
  public static int experiment(SparkSession spark, RecommenderConfig config) {
    ExperimentConfig experiment = config.experiment();
    ExperimentJob job = new ExperimentJob(spark, config.lake(), experiment);
    if (experiment.id().isEmpty()) {
      System.out.printf(Locale.ROOT, "%-18s %-24s %-24s %11s %9s %s%n", "experiment", "first_served", "last_served",
          "impressions", "profiles", "arms (model version, buckets of 100)");
      for (ExperimentJob.Summary s : job.list()) {
        StringBuilder arms = new StringBuilder();
        s.versions().forEach((arm, version) -> arms.append(arms.isEmpty() ? "" : ", ").append(arm).append(' ')
            .append(version).append(' ').append(s.split().getOrDefault(arm, 0)));
        System.out.printf(Locale.ROOT, "%-18s %-24s %-24s %11d %9d %s%n", s.experimentId(), s.firstServed(),
            s.lastServed(), s.impressions(), s.profiles(), arms);
      }
      return 0;
    }
    ExperimentReport report = job.report(new JobSteps(spark, "recommender experiment"), experiment.id().get(),
        new ExperimentReport.Settings(config.bootstrapResamples(), 0.95, config.params().seed(), experiment.srmAlpha()));
    System.out.print(report.render());
    if (report.sampleRatio().mismatch()) {
      System.err.println("recommender experiment: SAMPLE RATIO MISMATCH in " + report.experimentId()
          + " (p = " + report.sampleRatio().pValue() + "): do not trust its figures");
      return 4;
    }
    return 0;
  }

  private static int train(String command, SparkSession spark, RecommenderConfig config, ModelRuns runs) {
    JobSteps steps = new JobSteps(spark, "recommender " + command);
    TrainingJob job = new TrainingJob(spark, config, runs, Clock.systemUTC(), CodeVersion.resolve(System.getenv()));
    Interactions.Loaded input = config.csv().map(p -> Interactions.fromCsv(spark, p))
        .orElseGet(() -> Interactions.fromLake(spark, config.lake(), config.inputTable()));
    TrainingJob.Prepared prepared = job.prepare(steps, input, config.csv().isPresent() ? null : viewCountries(spark, config));
    boolean search = command.equals("tune") || command.equals("grid") || config.tune();
    List<ModelSpec> candidates = search ? config.gridCandidates() : config.fixedCandidates();
    TrainingJob.Result result = command.equals("train") ? job.train(steps, prepared, candidates, catalog(config))
        : job.evaluate(steps, prepared, candidates, command.equals("grid") ? "tune" : command);
    System.out.println();
    System.out.println("selection on validation (fit on train), best first:");
    MetricsTable validation = new MetricsTable();
    for (Protocol.Scored s : result.selection().ranked()) {
      validation.add(s.spec().label(), s.validation());
    }
    validation.add("popularity baseline", result.popularityValidation());
    System.out.print(validation.render());
    Protocol.Tested t = result.tested();
    System.out.println();
    System.out.println("test, scored once (chosen model refit on train + validation):");
    System.out.print(new MetricsTable().add(t.spec().label() + "  [" + result.run().runId() + "]", t.test())
        .add("popularity baseline", t.popularity()).render());
    double base = t.popularity().asMap().get(config.metric());
    RunRecord run = result.run();
    System.out.printf(Locale.ROOT, "%nchosen: %s %s=%.4f (%.2fx popularity); %s%ninput %s snapshot %s, code %s%n",
        run.runId(), config.metric(), run.metric(config.metric()),
        base == 0 ? Double.NaN : run.metric(config.metric()) / base, t.summary(), run.inputTable(),
        run.inputSnapshotId(), run.codeVersion());
    if (command.equals("train")) {
      System.out.println("promote it with: ./ott recommender promote --run-id " + run.runId());
    }
    return 0;
  }

  /** The catalog's titles for neighbours of unwatched titles, or none when --catalog none. */
  private static List<CatalogTitle> catalog(RecommenderConfig config) {
    return config.catalogFromServingDb()
        ? CatalogTitles.fromServingDb(config.servingDbUrl(), config.servingDbUser(), config.servingDbPassword())
        : List.of();
  }

  /** Each view's profile and country, when the lake has the sessions table; null otherwise (only '*' popular). */
  private static Dataset<Row> viewCountries(SparkSession spark, RecommenderConfig config) {
    String table = config.lake().table(config.countryTable());
    if (!spark.catalog().tableExists(table)) {
      return null;
    }
    return spark.table(table).select("profile_id", "country");
  }

  private static void printSwitch(ServingExport.Switch s) {
    System.out.printf(Locale.ROOT, "arm %s now serves %s at %d%% (previous %s kept for rollback; %s; %d old "
            + "version(s) deleted)%n", s.arm(), s.modelVersion(), s.trafficPercent(), s.previousVersion(),
        s.loaded() ? "rows loaded" : "rows were already loaded", s.deletedVersions());
  }

  private static void printRuns(List<RunRecord> runs) {
    System.out.printf(Locale.ROOT, "%-32s %-8s %-20s %-50s %9s %9s %9s %8s %s%n", "run_id", "command", "started_at",
        "model", "ndcg@10", "pop@10", "diff_low", "outputs", "input@snapshot / code");
    for (RunRecord r : runs) {
      StringBuilder model = new StringBuilder(r.algorithm());
      r.params().forEach((k, v) -> {
        if (!k.equals("holdout") && !k.equals("top_n")) {
          model.append(' ').append(k).append('=').append(v);
        }
      });
      System.out.printf(Locale.ROOT, "%-32s %-8s %-20s %-50s %9.4f %9.4f %9.4f %8s %s@%s / %s%n", r.runId(), r.command(),
          r.startedAt().toString().substring(0, 19), model, r.metrics().getOrDefault("ndcg_at_10", Double.NaN),
          r.baselineMetrics().getOrDefault("ndcg_at_10", Double.NaN),
          r.metrics().getOrDefault("ndcg_at_10_diff_vs_popularity_ci_low", Double.NaN), r.outputsWritten(),
          r.inputTable(), r.inputSnapshotId(), r.codeVersion());
    }
  }
}
