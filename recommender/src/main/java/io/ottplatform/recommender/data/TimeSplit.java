package io.ottplatform.recommender.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The evaluation protocol's split: for every profile with at least two interactions, its latest
 * max(1, floor(holdout × n)) interactions (by last-watched time, ties broken by title id so the split
 * is deterministic) are held out; everything else, including profiles with a single interaction, is
 * training data. Models are fit on training data only and judged on whether they rank the held-out
 * titles — the "what does this viewer watch next" question serving answers.
 */
public record TimeSplit(Dataset<Row> training, Dataset<Row> heldOut) {

  public static TimeSplit of(Dataset<Row> interactions, double holdout) {
    WindowSpec latestFirst = Window.partitionBy("profile_id").orderBy(col("ts").desc(), col("title_id"));
    WindowSpec perProfile = Window.partitionBy("profile_id");
    Dataset<Row> ranked = interactions
        .withColumn("recency_rank", row_number().over(latestFirst))
        .withColumn("profile_interactions", count(lit(1)).over(perProfile));
    Column held = col("profile_interactions").geq(2)
        .and(col("recency_rank").leq(greatest(lit(1), floor(col("profile_interactions").multiply(holdout)))));
    Dataset<Row> marked = ranked.withColumn("held_out", held).drop("recency_rank", "profile_interactions").cache();
    return new TimeSplit(marked.where(col("held_out").equalTo(false)).drop("held_out"),
        marked.where(col("held_out")).drop("held_out"));
  }
}
