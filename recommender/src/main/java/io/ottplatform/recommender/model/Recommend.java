package io.ottplatform.recommender.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.countDistinct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top-n per profile for ALS and for the popularity baseline, excluding the titles the profile already
 * watched, distributed over the profiles: the item side (factor matrix or popularity ranking) is
 * broadcast, each task scores its profiles with {@link TopN}. Results are
 * {@code user INT, rank INT, item INT, score FLOAT}.
 */
public final class Recommend {

  public static final StructType SCHEMA = new StructType()
      .add("user", DataTypes.IntegerType, false)
      .add("rank", DataTypes.IntegerType, false)
      .add("item", DataTypes.IntegerType, false)
      .add("score", DataTypes.FloatType, false);

  private Recommend() {}

  /** Each profile's watched items: {@code user INT, seen ARRAY<INT>} from numbered interactions. */
  public static Dataset<Row> seen(Dataset<Row> numbered) {
    return numbered.groupBy("user").agg(collect_list(col("item")).as("seen"));
  }

  public static Dataset<Row> byAls(SparkSession spark, ALSModel model, Dataset<Row> seen, int n) {
    ItemFactors items = ItemFactors.fromRows(model.itemFactors().orderBy("id").collectAsList());
    Broadcast<ItemFactors> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(items);
    Dataset<Row> users = seen.join(model.userFactors().withColumnRenamed("id", "user"), "user")
        .select("user", "seen", "features");
    JavaRDD<Row> rows = users.javaRDD().flatMap(r -> {
      float[] user = ItemFactors.floats(r.getList(2));
      return rows(r.getInt(0), TopN.byFactors(user, shared.value(), sortedSeen(r), n)).iterator();
    });
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * The baseline: titles ranked by how many training profiles watched them (ties by the lower item id),
   * minus what the profile watched.
   */
  public static Dataset<Row> byPopularity(SparkSession spark, Dataset<Row> training, Dataset<Row> seen, int n) {
    List<Row> ranking = training.groupBy("item").agg(countDistinct("user").as("viewers"))
        .orderBy(col("viewers").desc(), col("item")).collectAsList();
    int[] ranked = new int[ranking.size()];
    float[] scores = new float[ranking.size()];
    for (int i = 0; i < ranked.length; i++) {
      ranked[i] = ranking.get(i).getInt(0);
      scores[i] = ranking.get(i).getLong(1);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<int[]> sharedRanked = jsc.broadcast(ranked);
    Broadcast<float[]> sharedScores = jsc.broadcast(scores);
    JavaRDD<Row> rows = seen.select("user", "seen").javaRDD().flatMap(r -> rows(r.getInt(0),
        TopN.byRanking(sharedRanked.value(), sharedScores.value(), sortedSeen(r), n)).iterator());
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static int[] sortedSeen(Row r) {
    List<Object> list = r.getList(1);
    int[] seen = new int[list.size()];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = ((Number) list.get(i)).intValue();
    }
    Arrays.sort(seen);
    return seen;
  }

  private static List<Row> rows(int user, List<TopN.Scored> top) {
    List<Row> out = new ArrayList<>(top.size());
    for (TopN.Scored s : top) {
      out.add(RowFactory.create(user, s.rank(), s.item(), s.score()));
    }
    return out;
  }
}
