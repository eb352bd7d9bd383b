package io.ottplatform.recommender.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A fitted {@link EaseParams} model: the item-item weights B over the titles with a training
 * interaction. A profile's score for title j is Σ over its watched titles i of B[i][j]. Fitted on the
 * driver (the Gram matrix XᵀX of the binary matrix, then one n × n inversion): fine for a few thousand
 * titles (n² doubles: 110 MB at 3,700 titles); a catalog of hundreds of thousands needs item-kNN instead.
 */
public final class TrainedEase implements Trained {

  /** The weights, broadcast to score profiles. */
  record Weights(int[] items, float[] b) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final EaseParams spec;
  private final Weights weights;

  private TrainedEase(EaseParams spec, Weights weights) {
    this.spec = spec;
    this.weights = weights;
  }

  /** @param numbered {@code user INT, item INT, ...}: one row per watched (profile, title) */
  public static TrainedEase fit(Dataset<Row> numbered, EaseParams params) {
    Map<Integer, List<Integer>> byUser = new HashMap<>();
    java.util.TreeSet<Integer> itemSet = new java.util.TreeSet<>();
    for (Row r : numbered.select("user", "item").collectAsList()) {
      byUser.computeIfAbsent(r.getInt(0), u -> new ArrayList<>()).add(r.getInt(1));
      itemSet.add(r.getInt(1));
    }
    int[] items = itemSet.stream().mapToInt(Integer::intValue).toArray();
    int n = items.length;
    double[] g = new double[n * n];
    for (List<Integer> watched : byUser.values()) {
      int[] idx = watched.stream().mapToInt(i -> Arrays.binarySearch(items, i)).distinct().toArray();
      for (int a : idx) {
        for (int b : idx) {
          g[a * n + b] += 1;
        }
      }
    }
    return new TrainedEase(params, new Weights(items, weights(g, n, params.lambda())));
  }

  /** B = I − P·diag(1/diag(P)), P = (G + λI)⁻¹; the diagonal of B is 0 (a title never explains itself). */
  static float[] weights(double[] gram, int n, double lambda) {
    for (int i = 0; i < n; i++) {
      gram[i * n + i] += lambda;
    }
    SymmetricInverse.invert(gram, n);
    float[] b = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        b[i * n + j] = i == j ? 0f : (float) (-gram[i * n + j] / gram[j * n + j]);
      }
    }
    return b;
  }

  @Override
  public EaseParams spec() {
    return spec;
  }

  @Override
  public Dataset<Row> recommend(SparkSession spark, Dataset<Row> seen, int n) {
    Broadcast<Weights> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(weights);
    JavaRDD<Row> rows = seen.select("user", "seen").javaRDD().flatMap(r -> {
      List<Object> list = r.getList(1);
      int[] watched = new int[list.size()];
      for (int i = 0; i < watched.length; i++) {
        watched[i] = ((Number) list.get(i)).intValue();
      }
      Arrays.sort(watched);
      List<Row> out = new ArrayList<>(n);
      for (TopN.Scored s : topN(shared.value(), watched, n)) {
        out.add(RowFactory.create(r.getInt(0), s.rank(), s.item(), s.score()));
      }
      return out.iterator();
    });
    return spark.createDataFrame(rows, Recommend.SCHEMA);
  }

  /** Scores of every known title for a profile that watched {@code watched} (sorted), watched titles excluded. */
  static List<TopN.Scored> topN(Weights w, int[] watched, int n) {
    int size = w.items().length;
    float[] scores = new float[size];
    for (int item : watched) {
      int i = Arrays.binarySearch(w.items(), item);
      if (i < 0) {
        continue; // a title the model never saw in training
      }
      int offset = i * size;
      for (int j = 0; j < size; j++) {
        scores[j] += w.b()[offset + j];
      }
    }
    return TopN.byScores(w.items(), scores, watched, n);
  }

  @Override
  public List<SimilarTitles.Similar> similar(int n) {
    int size = weights.items().length;
    List<SimilarTitles.Similar> out = new ArrayList<>();
    Comparator<int[]> worseFirst = Comparator.comparingDouble((int[] c) -> weights.b()[c[0]])
        .thenComparing(c -> -c[1]);
    for (int i = 0; i < size; i++) {
      PriorityQueue<int[]> heap = new PriorityQueue<>(worseFirst);
      for (int j = 0; j < size; j++) {
        if (j == i) {
          continue;
        }
        int[] candidate = {i * size + j, weights.items()[j]};
        if (heap.size() < n) {
          heap.add(candidate);
        } else if (worseFirst.compare(candidate, heap.peek()) > 0) {
          heap.poll();
          heap.add(candidate);
        }
      }
      List<int[]> best = new ArrayList<>(heap);
      best.sort(worseFirst.reversed());
      for (int r = 0; r < best.size(); r++) {
        out.add(new SimilarTitles.Similar(weights.items()[i], r + 1, best.get(r)[1], weights.b()[best.get(r)[0]]));
      }
    }
    return out;
  }
}
