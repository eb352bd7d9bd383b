package io.ottplatform.bench.recommender;

import io.ottplatform.recommender.data.IdMapping;
import io.ottplatform.recommender.data.PlantedData;
import io.ottplatform.recommender.model.ModelSpec;
import io.ottplatform.recommender.model.Recommend;
import io.ottplatform.recommender.model.SimilarTitles;
import io.ottplatform.recommender.model.TopN;
import io.ottplatform.recommender.model.Trained;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The ceiling of the planted shape: ranks every title by the generator's own draw probability for the
 * profile ({@link PlantedData#drawProbability}: its true clusters, the in-cluster and the global popularity),
 * the profile's training titles excluded as for every model, judged by the same evaluator. No model can
 * beat it in expectation (the planted timestamps carry no order), so it says how much room there is above
 * plain ALS on this data. Fits nothing; has no similar titles.
 */
final class PlantedOracle implements Trained {

  record Spec() implements ModelSpec {
    @Override
    public String algorithm() {
      return "oracle";
    }

    @Override
    public String label() {
      return "oracle (the generator's draw probabilities)";
    }

    @Override
    public Map<String, String> asMap() {
      return Map.of();
    }
  }

  private final PlantedData planted;
  private final IdMapping ids;

  PlantedOracle(PlantedData planted, IdMapping ids) {
    this.planted = planted;
    this.ids = ids;
  }

  @Override
  public ModelSpec spec() {
    return new Spec();
  }

  @Override
  public Dataset<Row> recommend(SparkSession spark, Dataset<Row> seen, int n) {
    List<Row> titles = ids.titles().orderBy("item").collectAsList();
    int[] items = new int[titles.size()];
    String[] titleIds = new String[titles.size()];
    for (int i = 0; i < items.length; i++) {
      titleIds[i] = titles.get(i).getString(0);
      items[i] = titles.get(i).getInt(1);
    }
    // on the driver: a benchmark's thousand profiles × a few thousand titles
    List<Row> out = new ArrayList<>();
    for (Row r : seen.join(ids.profiles(), "user").select("user", "seen", "profile_id").collectAsList()) {
      List<Object> list = r.getList(1);
      int[] watched = list.stream().mapToInt(o -> ((Number) o).intValue()).sorted().toArray();
      float[] scores = new float[items.length];
      for (int j = 0; j < items.length; j++) {
        scores[j] = (float) planted.drawProbability(r.getString(2), titleIds[j]);
      }
      for (TopN.Scored s : TopN.byScores(items, scores, watched, n)) {
        out.add(RowFactory.create(r.getInt(0), s.rank(), s.item(), s.score()));
      }
    }
    return spark.createDataFrame(out, Recommend.SCHEMA);
  }

  @Override
  public List<SimilarTitles.Similar> similar(int n) {
    throw new UnsupportedOperationException("the oracle ranks titles per profile only");
  }
}
