package io.ottplatform.lake;

import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** Access to the lake's Iceberg tables, turning Spark's checked exceptions into unchecked ones. */
public final class Lake {

  private Lake() {}

  public static Table table(SparkSession spark, LakeConfig config, String table) {
    try {
      return Spark3Util.loadIcebergTable(spark, config.table(table));
    } catch (ParseException | NoSuchTableException e) {
      throw new IllegalStateException("cannot load Iceberg table " + config.table(table) + ": " + e.getMessage(), e);
    }
  }

  public static void append(DataFrameWriterV2<Row> writer) {
    try {
      writer.append();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("table vanished while appending: " + e.getMessage(), e);
    }
  }

  public static void overwritePartitions(DataFrameWriterV2<Row> writer) {
    try {
      writer.overwritePartitions();
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("table vanished while overwriting: " + e.getMessage(), e);
    }
  }
}
