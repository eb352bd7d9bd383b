package io.ottplatform.recommender.data;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ALS integer ids of the platform's string ids: the distinct ids sorted, numbered from 0. The
 * numbering depends only on the set of ids, never on partitioning or row order, so a rerun on the
 * same snapshot with the same seed gives the same model (ALS seeds its factors per integer id).
 * It is not persisted: a model is only ever read through its exported string ids.
 */
public record IdMapping(Dataset<Row> profiles, Dataset<Row> titles) {

  /** Numbers profile_id → user and title_id → item; both mappings cached. */
  public static IdMapping of(SparkSession spark, Dataset<Row> interactions) {
    return new IdMapping(index(spark, interactions, "profile_id", "user").cache(),
        index(spark, interactions, "title_id", "item").cache());
  }

  private static Dataset<Row> index(SparkSession spark, Dataset<Row> interactions, String idColumn, String indexColumn) {
    JavaRDD<Row> sorted = interactions.select(col(idColumn)).distinct().orderBy(col(idColumn)).javaRDD();
    // zipWithIndex numbers the sorted partitions in order: the position in the global sort
    JavaRDD<Row> numbered = sorted.zipWithIndex().map(t -> RowFactory.create(t._1().getString(0), t._2().intValue()));
    StructType schema = new StructType().add(idColumn, DataTypes.StringType, false)
        .add(indexColumn, DataTypes.IntegerType, false);
    return spark.createDataFrame(numbered, schema);
  }

  /** Adds the integer {@code user} and {@code item} columns to rows with profile_id and title_id. */
  public Dataset<Row> numbered(Dataset<Row> rows) {
    return rows.join(profiles, "profile_id").join(titles, "title_id");
  }
}
