package io.ottplatform.batch;

import io.ottplatform.batch.aggregate.DailyAggregates;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.erasure.ErasureJob;
import io.ottplatform.batch.impressions.LandImpressionsJob;
import io.ottplatform.batch.land.LandEventsJob;
import io.ottplatform.batch.maintenance.MaintenanceJob;
import io.ottplatform.batch.session.SessionizeJob;
import io.ottplatform.batch.titles.LandTitlesJob;
import io.ottplatform.lake.JobSteps;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Orders the steps of each batch command. The jobs never call each other: which job follows which is decided
 * here, once (sessionize, then the aggregates of the days it recomputed; erasure's deletes, then the
 * aggregates, then erasure's expiry and proof). Each command's steps share one {@link JobSteps}, so the
 * Spark UI and the log number them as one job.
 */
public final class BatchRunner {

  private final SparkSession spark;
  private final BatchConfig config;
  private final Clock clock;

  public BatchRunner(SparkSession spark, BatchConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  public LandEventsJob.Result land() {
    return new LandEventsJob(spark, config, clock).run(new JobSteps(spark, "land-events"));
  }

  public LandTitlesJob.Result landTitles() {
    return new LandTitlesJob(spark, config, clock).run(new JobSteps(spark, "land-titles"));
  }

  public LandImpressionsJob.Result landImpressions() {
    return new LandImpressionsJob(spark, config, clock).run(new JobSteps(spark, "land-impressions"));
  }

  /** view_sessions for the configured day and the late days, then their daily aggregates. */
  public SessionizeJob.Result sessionize() {
    JobSteps steps = new JobSteps(spark, "sessionize " + config.requireDate());
    SessionizeJob.Result result = new SessionizeJob(spark, config, clock).run(steps);
    if (!result.rawEmpty()) {
      new DailyAggregates(spark, config).rebuild(steps, result.days());
    }
    return result;
  }

  public Map<String, MaintenanceJob.TableReport> maintain() {
    return new MaintenanceJob(spark, config, clock).run(new JobSteps(spark, "maintain"));
  }

  /** Deletes the configured viewer, rebuilds the aggregates without them, expires old snapshots, proves it. */
  public Map<String, Long> erase() {
    JobSteps steps = new JobSteps(spark, "erase");
    ErasureJob erasure = new ErasureJob(spark, config, clock);
    ErasureJob.Deleted deleted = erasure.deleteRows(steps);
    if (!deleted.days().isEmpty()) {
      steps.log("rebuilding the daily aggregates of {}", deleted.days());
      new DailyAggregates(spark, config).rebuild(steps, deleted.days());
    }
    return erasure.expireAndProve(steps, deleted);
  }
}
