package io.ottplatform.batch.maintenance;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.state.CarriedProperties;
import io.ottplatform.batch.state.HousekeptTables;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * {@code maintain}: for every table of the lake ({@link HousekeptTables}: ml.impressions too), (1) compact small files into sorted files of the
 * table's target size (strategy {@code sort}, by the table's own sort order, so compaction also
 * restores the clustering that one-title queries rely on), (2) rewrite manifests, (3) expire
 * snapshots older than {@code maintain.snapshot-retention} (keeping at least the last 5), (4) remove orphan
 * files older than {@code maintain.orphan-age} (e.g. those of a landing killed before its commit).
 */
public final class MaintenanceJob {

  /** What one table's maintenance did. */
  public record TableReport(int rewrittenFiles, int addedFiles, long expiredDataFiles, int orphanFiles) {}

  private final SparkSession spark;
  private final BatchConfig config;
  private final Clock clock;

  public MaintenanceJob(SparkSession spark, BatchConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  public Map<String, TableReport> run(JobSteps steps) {
    steps.run("ensure tables", () -> HousekeptTables.ensureAll(spark, config));
    Map<String, TableReport> reports = new LinkedHashMap<>();
    long now = clock.millis();
    for (Map.Entry<String, String> tableAndTopic : HousekeptTables.withTopics(config).entrySet()) {
      String name = tableAndTopic.getKey();
      Table table = Lake.table(spark, config.lake(), name);
      if (table.currentSnapshot() == null) {
        continue;
      }
      RewriteDataFiles.Result compacted = steps.run("compact " + name, () -> {
        RewriteDataFiles action = SparkActions.get(spark).rewriteDataFiles(table).sort()
            .option("min-input-files", "2")
            .option("partial-progress.enabled", "true");
        // landing offsets / the sessionize watermark stay in the newest snapshot
        CarriedProperties.of(table, tableAndTopic.getValue()).forEach(action::snapshotProperty);
        return action.execute();
      });
      steps.run("rewrite manifests of " + name, () -> SparkActions.get(spark).rewriteManifests(table).execute());
      ExpireSnapshots.Result expired = steps.run("expire snapshots of " + name, () -> SparkActions.get(spark)
          .expireSnapshots(table).expireOlderThan(now - config.snapshotRetention().toMillis()).retainLast(5).execute());
      DeleteOrphanFiles.Result orphans = steps.run("remove orphan files of " + name, () -> SparkActions.get(spark)
          .deleteOrphanFiles(table).olderThan(now - config.orphanAge().toMillis()).execute());
      int orphanCount = 0;
      for (var ignored : orphans.orphanFileLocations()) {
        orphanCount++;
      }
      TableReport report = new TableReport(compacted.rewrittenDataFilesCount(), compacted.addedDataFilesCount(),
          expired.deletedDataFilesCount(), orphanCount);
      steps.log("{}: {}", name, report);
      reports.put(name, report);
    }
    return reports;
  }
}
