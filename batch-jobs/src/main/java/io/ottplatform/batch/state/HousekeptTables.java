package io.ottplatform.batch.state;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.impressions.LandImpressionsJob;
import io.ottplatform.lake.LakeTables;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The tables {@code maintain} and {@code erase} look after, each with the topic whose landing offsets its commits
 * must carry ({@link CarriedProperties}): {@link LakeTables#ALL} (landed from the playback events topic or derived
 * from it) and {@code ml.impressions} (landed from {@code recommendations.impressions}, and holding a profile's rows,
 * so a privacy request must reach it). Expiring a landed table's snapshots without its offsets would make its landing
 * refuse to run, or, on an emptied table, land everything again, the erased viewer included.
 *
 * <p>{@code dim.titles} is not here yet: it holds no viewer's data and is one small table (docs/analytics.md).
 */
public final class HousekeptTables {

  private HousekeptTables() {}

  /** Table → topic, in the order the jobs work through them. */
  public static Map<String, String> withTopics(BatchConfig config) {
    Map<String, String> tables = new LinkedHashMap<>();
    LakeTables.ALL.forEach(t -> tables.put(t, config.topic()));
    tables.put(LandImpressionsJob.TABLE, LandImpressionsJob.TOPIC);
    return tables;
  }

  /** Creates every one of them that does not exist yet (idempotent). */
  public static void ensureAll(SparkSession spark, BatchConfig config) {
    LakeTables.ensureAll(spark, config.lake());
    LandImpressionsJob.ensureTable(spark, config);
  }
}
