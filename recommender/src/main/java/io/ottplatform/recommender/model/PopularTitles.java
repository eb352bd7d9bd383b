package io.ottplatform.recommender.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Popular titles per viewer country and overall ({@code country = '*'}), scored by distinct profiles
 * that watched the title in the input: serving's cold-start fill for new profiles. A profile counts in
 * the country it watched from most often.
 */
public final class PopularTitles {

  public static final String ALL_COUNTRIES = "*";

  private PopularTitles() {}

  /**
   * @param interactions rows with profile_id and title_id
   * @param viewCountries rows with profile_id and country (one per view), or null when the input has no
   *     countries (a CSV): then only the '*' list is produced
   * @return country, rank, title_id, score
   */
  public static Dataset<Row> of(Dataset<Row> interactions, Dataset<Row> viewCountries, int n) {
    Dataset<Row> overall = interactions.groupBy("title_id").agg(countDistinct("profile_id").as("score"))
        .withColumn("country", lit(ALL_COUNTRIES));
    Dataset<Row> all = overall;
    if (viewCountries != null) {
      Dataset<Row> home = viewCountries.where(col("country").isNotNull())
          .groupBy("profile_id", "country").agg(count(lit(1)).as("views"))
          .withColumn("pick", row_number().over(Window.partitionBy("profile_id")
              .orderBy(col("views").desc(), col("country"))))
          .where(col("pick").equalTo(1)).select("profile_id", "country");
      Dataset<Row> byCountry = interactions.join(home, "profile_id").groupBy("country", "title_id")
          .agg(countDistinct("profile_id").as("score"));
      all = overall.unionByName(byCountry);
    }
    return all.withColumn("rank", row_number().over(Window.partitionBy("country")
            .orderBy(col("score").desc(), col("title_id"))))
        .where(col("rank").leq(n))
        .select(col("country"), col("rank"), col("title_id"), col("score").cast("float").as("score"));
  }
}
