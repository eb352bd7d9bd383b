package io.ottplatform.batch;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.config.BatchJobCommand;
import io.ottplatform.batch.impressions.LandImpressionsJob;
import io.ottplatform.batch.land.LandEventsJob;
import io.ottplatform.batch.session.SessionizeJob;
import io.ottplatform.batch.titles.LandTitlesJob;
import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.lake.LakeConfig;
import io.ottplatform.lake.LakeSession;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The jar's entry point: {@code <job> [flags] [--set key=value ...] [--config FILE] [--help]}, e.g. from
 * {@code ./ott batch sessionize --date 2026-11-25} or
 * {@code spark-submit --class io.ottplatform.batch.BatchJobs batch-jobs-spark.jar sessionize --date 2026-11-25}.
 * Settings come from the bundled {@code batch-jobs.yml} (docs/analytics.md). Exit codes: 0 done, 2 bad
 * arguments or settings, 1 the job failed.
 */
public final class BatchJobs {

  static final String USAGE = "usage: batch <job> [flags] [--set key=value ...] [--config FILE] [--help]\n"
      + Arrays.stream(BatchJobCommand.values())
          .map(c -> String.format("  %-11s %s", c.command(), c.description())).collect(Collectors.joining("\n"))
      + "\n'batch <job> --help' lists the job's flags and every setting with the value in effect.";

  private BatchJobs() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.err.println(USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    BatchJobCommand command = BatchJobCommand.named(args[0]).orElse(null);
    if (command == null) {
      System.err.println("unknown job: " + args[0] + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Settings settings = settings(command, Arrays.copyOfRange(args, 1, args.length), System.getenv());
    BatchConfig config = BatchConfig.read(settings, command);
    if (settings.helpRequested()) {
      System.out.println("batch " + command.command() + ": " + command.description() + "\n\n" + command.flags().help()
          + settings.help());
      System.exit(0);
    }
    try {
      settings.finish();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    SparkSession spark = LakeSession.create(config.lake(), "batch " + command.command());
    try {
      run(command, new BatchRunner(spark, config, Clock.systemUTC()), config);
    } finally {
      spark.stop();
    }
  }

  /** The job's settings: {@code batch-jobs.yml} over libs/lake's {@code lake.yml}, the environment, flags, {@code --set}s. */
  public static Settings settings(BatchJobCommand command, String[] args, Map<String, String> env) {
    return Settings.load("batch-jobs", command.flags().toSettingsArguments(args), env, LakeConfig.SETTINGS_BASE);
  }

  private static void run(BatchJobCommand command, BatchRunner runner, BatchConfig config) {
    switch (command) {
      case LAND -> {
        LandEventsJob.Result r = runner.land();
        System.out.printf("land-events: %d events landed, %d quarantined, offsets %s -> %s%n",
            r.events(), r.quarantined(), r.from().encode(), r.to().encode());
      }
      case LAND_TITLES -> {
        LandTitlesJob.Result r = runner.landTitles();
        System.out.printf("land-titles: %d catalog changes read, %d applied, offsets %s -> %s%n",
            r.changes(), r.applied(), r.from().encode(), r.to().encode());
      }
      case LAND_IMPRESSIONS -> {
        LandImpressionsJob.Result r = runner.landImpressions();
        System.out.printf("land-impressions: %d impressions read, %d new in ml.impressions, offsets %s -> %s%n",
            r.records(), r.inserted(), r.from().encode(), r.to().encode());
      }
      case SESSIONIZE -> {
        SessionizeJob.Result r = runner.sessionize();
        System.out.printf("sessionize: %d views over days %s (late: %s)%n", r.views(), r.days(), r.lateDays());
      }
      case MAINTAIN -> runner.maintain().forEach((t, r) -> System.out.printf("maintain: %-40s %s%n", t, r));
      case ERASE -> runner.erase().forEach((table, rows) ->
          System.out.printf("erase: %-40s rows of %s left: %d%n", table, config.viewerId(), rows));
    }
  }
}
