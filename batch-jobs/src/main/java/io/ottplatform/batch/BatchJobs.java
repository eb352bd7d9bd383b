package io.ottplatform.batch;

import io.ottplatform.batch.erasure.ErasureJob;
import io.ottplatform.batch.land.LandEventsJob;
import io.ottplatform.batch.maintenance.MaintenanceJob;
import io.ottplatform.batch.session.SessionizeJob;
import java.util.Arrays;

/**
 * The jar's entry point: {@code <job> [--option value ...]}, e.g. from {@code ./ott batch land} or
 * {@code spark-submit --class io.ottplatform.batch.BatchJobs batch-jobs-spark.jar sessionize --date 2026-11-25}.
 */
public final class BatchJobs {

  static final String USAGE = """
      usage: batch <job> [--option value ...]
        land         Kafka playback.events -> lake.raw.playback_events (exactly once; bad records -> raw.quarantine)
        sessionize   --date yyyy-MM-dd: raw events -> analytics.view_sessions + daily aggregates (late days included)
        maintain     compact, rewrite manifests, expire snapshots (--snapshot-retention P7D), remove orphans (--orphan-age P3D)
        erase        --profile-id ID: delete one viewer from every table and prove it
      options (all jobs; defaults from OTT_* environment variables): --master --catalog --namespace-prefix --catalog-uri
        --catalog-user --catalog-password --warehouse --kafka-bootstrap --topic --max-records-per-split --shuffle-partitions
        --target-file-size-mb""";

  private BatchJobs() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "land", "land-events" -> LandEventsJob.main(rest);
      case "sessionize" -> SessionizeJob.main(rest);
      case "maintain", "maintenance" -> MaintenanceJob.main(rest);
      case "erase", "erasure" -> ErasureJob.main(rest);
      default -> {
        System.err.println("unknown job: " + args[0] + "\n" + USAGE);
        System.exit(2);
      }
    }
  }
}
