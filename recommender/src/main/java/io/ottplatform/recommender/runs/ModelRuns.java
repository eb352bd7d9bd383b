package io.ottplatform.recommender.runs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeConfig;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads and writes {@code ml.model_runs} and a run's output rows in the other {@code ml.*} tables. */
public final class ModelRuns {

  private final SparkSession spark;
  private final LakeConfig lake;

  public ModelRuns(SparkSession spark, LakeConfig lake) {
    this.spark = spark;
    this.lake = lake;
    MlTables.ensureAll(spark, lake);
  }

  /** Appends the run's row; a literal INSERT keeps the MAP columns typed without a Row-to-Scala-map detour. */
  public void record(RunRecord r) {
    String sql = "INSERT INTO " + lake.table(MlTables.MODEL_RUNS) + " VALUES ("
        + String.join(", ", quote(r.runId()), quote(r.command()),
            "TIMESTAMP_NTZ " + quote(LocalDateTime.ofInstant(r.startedAt().truncatedTo(ChronoUnit.MICROS),
                ZoneOffset.UTC).toString()),
            Long.toString(r.durationMs()), quote(r.algorithm()), stringMap(r.params()), doubleMap(r.metrics()),
            doubleMap(r.baselineMetrics()), quote(r.inputTable()),
            r.inputSnapshotId() == null ? "CAST(NULL AS BIGINT)" : r.inputSnapshotId() + "L",
            quote(r.codeVersion()), Boolean.toString(r.outputsWritten()), r.trainingInteractions() + "L",
            r.heldOutInteractions() + "L", stringMap(r.protocol()))
        + ")";
    spark.sql(sql);
  }

  public Optional<RunRecord> find(String runId) {
    List<Row> rows = spark.table(lake.table(MlTables.MODEL_RUNS)).where(col("run_id").equalTo(lit(runId)))
        .collectAsList();
    return rows.stream().findFirst().map(ModelRuns::toRecord);
  }

  public List<RunRecord> all() {
    return spark.table(lake.table(MlTables.MODEL_RUNS)).orderBy("started_at").collectAsList().stream()
        .map(ModelRuns::toRecord).collect(Collectors.toList());
  }

  /** Writes the run's outputs, each table in one commit (rows with string ids, run_id added here). */
  public void writeOutputs(String runId, Dataset<Row> recommendations, Dataset<Row> similar, Dataset<Row> popular) {
    append(MlTables.RECOMMENDATIONS, recommendations.select(lit(runId).as("run_id"), col("profile_id"), col("rank"),
        col("title_id"), col("score").cast("float")));
    append(MlTables.SIMILAR_TITLES, similar.select(lit(runId).as("run_id"), col("title_id"), col("rank"),
        col("similar_title_id"), col("score").cast("float")));
    append(MlTables.POPULAR_TITLES, popular.select(lit(runId).as("run_id"), col("country"), col("rank"),
        col("title_id"), col("score").cast("float")));
  }

  /** The run's rows of one output table as (key, rank, item, score), streamed partition by partition. */
  public Iterator<Row> outputRows(String table, String runId) {
    String key = switch (table) {
      case MlTables.RECOMMENDATIONS -> "profile_id";
      case MlTables.SIMILAR_TITLES -> "title_id";
      case MlTables.POPULAR_TITLES -> "country";
      default -> throw new IllegalArgumentException("not an output table: " + table);
    };
    String item = table.equals(MlTables.SIMILAR_TITLES) ? "similar_title_id" : "title_id";
    return spark.table(lake.table(table)).where(col("run_id").equalTo(lit(runId)))
        .select(col(key), col("rank"), col(item), col("score")).toLocalIterator();
  }

  private void append(String table, Dataset<Row> rows) {
    // the output columns are NOT NULL in the table; Spark cannot prove it for joined and generated rows
    Lake.append(rows.writeTo(lake.table(table)).option("check-nullability", "false"));
  }

  private static RunRecord toRecord(Row r) {
    return new RunRecord(r.getAs("run_id"), r.getAs("command"),
        r.<LocalDateTime>getAs("started_at").toInstant(ZoneOffset.UTC), r.<Long>getAs("duration_ms"),
        r.getAs("algorithm"), new HashMap<>(r.<String, String>getJavaMap(r.fieldIndex("params"))),
        new HashMap<>(r.<String, Double>getJavaMap(r.fieldIndex("metrics"))),
        new HashMap<>(r.<String, Double>getJavaMap(r.fieldIndex("baseline_metrics"))),
        r.getAs("input_table"), r.isNullAt(r.fieldIndex("input_snapshot_id")) ? null : r.<Long>getAs("input_snapshot_id"),
        r.getAs("code_version"), r.<Boolean>getAs("outputs_written"), r.<Long>getAs("training_interactions"),
        r.<Long>getAs("heldout_interactions"),
        r.isNullAt(r.fieldIndex("protocol")) ? Map.of() : new HashMap<>(r.<String, String>getJavaMap(r.fieldIndex("protocol"))));
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String stringMap(Map<String, String> m) {
    if (m.isEmpty()) {
      return "CAST(map() AS MAP<STRING, STRING>)";
    }
    return "map(" + m.entrySet().stream().map(e -> quote(e.getKey()) + ", " + quote(e.getValue()))
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String doubleMap(Map<String, Double> m) {
    if (m.isEmpty()) {
      return "CAST(map() AS MAP<STRING, DOUBLE>)";
    }
    return "map(" + m.entrySet().stream()
        .map(e -> quote(e.getKey()) + ", CAST(" + String.format(Locale.ROOT, "%.17g", e.getValue()) + " AS DOUBLE)")
        .collect(Collectors.joining(", ")) + ")";
  }
}
