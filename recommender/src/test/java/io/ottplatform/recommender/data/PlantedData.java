package io.ottplatform.recommender.data;

import io.ottplatform.recommender.data.Confidence;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Interactions with a planted taste structure, so a recommender's quality can be judged against known
 * truth: every title belongs to one of k taste clusters and has a Zipf-skewed popularity; every
 * profile has a main cluster and sometimes a second one. A profile's titles come from its own
 * clusters with probability {@code taste} (popular titles of the cluster more likely, square-root damped) and
 * otherwise from
 * the whole catalog by popularity; in-taste views are long and mostly completed, the others short.
 * The latent factors ALS should recover are the cluster memberships; popularity alone cannot see them.
 * Deterministic per seed: each profile draws from its own Random, so the rows do not depend on how
 * Spark partitions the generation.
 *
 * <p>Rows: {@code profile_id, title_id, strength, ts}, the shape {@code Interactions} produces.
 */
public final class PlantedData implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final LocalDateTime START = LocalDateTime.of(2026, 8, 1, 0, 0);

  public static final StructType SCHEMA = new StructType()
      .add("profile_id", DataTypes.StringType, false)
      .add("title_id", DataTypes.StringType, false)
      .add("strength", DataTypes.DoubleType, false)
      .add("ts", DataTypes.TimestampNTZType, false);

  private final int profiles;
  private final int titles;
  private final int clusters;
  private final double perProfile;
  private final double taste;
  private final long seed;
  private final int[] clusterOfTitle;
  private final double[] globalCumulative;
  private final int[][] titlesOfCluster;
  private final double[][] clusterCumulative;
  private final double[] popularity;
  private final double[] inTaste;

  /**
   * @param interactions the expected total (distinct profile-title pairs)
   * @param taste share of a profile's titles drawn from its own clusters
   */
  public PlantedData(int profiles, int titles, long interactions, int clusters, double taste, long seed) {
    if (profiles <= 0 || titles <= clusters || clusters <= 0 || interactions <= 0 || taste < 0 || taste > 1) {
      throw new IllegalArgumentException("planted data needs profiles > 0, titles > clusters > 0, interactions > 0, "
          + "0 <= taste <= 1: " + profiles + ", " + titles + ", " + clusters + ", " + interactions + ", " + taste);
    }
    this.profiles = profiles;
    this.titles = titles;
    this.clusters = clusters;
    this.perProfile = Math.min((double) interactions / profiles, titles * 0.5);
    this.taste = taste;
    this.seed = seed;
    Random random = new Random(seed);
    clusterOfTitle = new int[titles];
    popularity = new double[titles];
    int[] order = shuffled(titles, random);
    int[] membership = shuffled(titles, random);
    for (int t = 0; t < titles; t++) {
      clusterOfTitle[membership[t]] = t % clusters; // equal-sized clusters, none empty
      popularity[order[t]] = 1 / Math.pow(t + 1, 0.9); // Zipf skew over a random order of titles
    }
    globalCumulative = cumulative(popularity, IntStream.range(0, titles).toArray());
    // within a taste, popularity matters less (a fan explores the genre's long tail): square-root damped
    inTaste = Arrays.stream(popularity).map(Math::sqrt).toArray();
    titlesOfCluster = new int[clusters][];
    clusterCumulative = new double[clusters][];
    for (int c = 0; c < clusters; c++) {
      final int cluster = c;
      titlesOfCluster[c] = IntStream.range(0, titles).filter(t -> clusterOfTitle[t] == cluster).toArray();
      clusterCumulative[c] = cumulative(inTaste, titlesOfCluster[c]);
    }
  }

  /** The shape of {@code analytics.viewer_activity_daily}, for tests that go through the lake table. */
  public static final StructType ACTIVITY_SCHEMA = new StructType()
      .add("view_date", DataTypes.DateType, false)
      .add("profile_id", DataTypes.StringType, false)
      .add("account_id", DataTypes.StringType, false)
      .add("title_id", DataTypes.StringType, false)
      .add("views", DataTypes.LongType, false)
      .add("minutes_watched", DataTypes.DoubleType, false)
      .add("max_completion_ratio", DataTypes.DoubleType, true)
      .add("completed", DataTypes.BooleanType, false)
      .add("last_watched_at", DataTypes.TimestampNTZType, false);

  /** One planted view of a title by a profile. */
  record View(int profile, int title, double minutes, double completion, boolean completed, LocalDateTime ts)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The interactions as a Spark dataset ({@link #SCHEMA}), generated in parallel. */
  public Dataset<Row> generate(SparkSession spark, int partitions) {
    JavaRDD<Row> rows = views(spark, partitions).map(v -> RowFactory.create(profileId(v.profile()),
        titleId(v.title()), Confidence.strength(v.minutes(), v.completion(), v.completed()), v.ts()));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The same views as rows of {@code analytics.viewer_activity_daily} ({@link #ACTIVITY_SCHEMA}). */
  public Dataset<Row> generateActivity(SparkSession spark, int partitions) {
    JavaRDD<Row> rows = views(spark, partitions).map(v -> RowFactory.create(v.ts().toLocalDate(),
        profileId(v.profile()), "a" + profileId(v.profile()), titleId(v.title()), 1L, v.minutes(), v.completion(),
        v.completed(), v.ts()));
    return spark.createDataFrame(rows, ACTIVITY_SCHEMA);
  }

  private JavaRDD<View> views(SparkSession spark, int partitions) {
    List<Integer> ids = IntStream.range(0, profiles).boxed().toList();
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, partitions)
        .flatMap(p -> forProfile(p).iterator());
  }

  /** The true taste cluster of a title (tests check recovered structure against it). */
  public int clusterOf(String titleId) {
    return clusterOfTitle[Integer.parseInt(titleId.substring(1))];
  }

  List<View> forProfile(int profile) {
    // SplittableRandom mixes its seed: java.util.Random's first draws are nearly equal for consecutive
    // seeds, which would give most profiles the same taste
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + profile);
    int[] own = clustersOf(random);
    int main = own[0];
    int second = own[1];
    int n = Math.max(2, (int) Math.round(perProfile * (0.5 + random.nextDouble())));
    Set<Integer> chosen = new HashSet<>();
    List<View> out = new ArrayList<>(n);
    for (int attempts = 0; out.size() < n && attempts < n * 20; attempts++) {
      boolean inTaste = random.nextDouble() < taste;
      int title;
      if (inTaste) {
        int c = random.nextDouble() < 0.7 ? main : second;
        title = titlesOfCluster[c][pick(clusterCumulative[c], random)];
      } else {
        title = pick(globalCumulative, random);
      }
      if (!chosen.add(title)) {
        continue;
      }
      boolean likes = clusterOfTitle[title] == main || clusterOfTitle[title] == second;
      double minutes = likes ? 20 + random.nextDouble() * 100 : 1 + random.nextDouble() * 25;
      double completion = likes ? 0.5 + random.nextDouble() * 0.5 : random.nextDouble() * 0.4;
      boolean completed = completion > 0.9;
      LocalDateTime ts = START.plusSeconds((long) (random.nextDouble() * 90 * 86_400));
      out.add(new View(profile, title, minutes, completion, completed, ts));
    }
    return out;
  }

  /** A profile's main and second cluster (equal when it has one): the first draws of its own random. */
  private int[] clustersOf(SplittableRandom random) {
    int main = random.nextInt(clusters);
    int second = random.nextDouble() < 0.3 ? random.nextInt(clusters) : main;
    return new int[] {main, second};
  }

  /**
   * The probability that one draw of {@code forProfile} picks the title (before duplicates are drawn
   * again): what an oracle that knows the profile's clusters, the in-cluster and the global popularity
   * ranks by. Timestamps are uniform, so a profile's held-out titles are draws like its others and no
   * model can rank them better in expectation than by this.
   */
  public double drawProbability(String profileId, String titleId) {
    int profile = Integer.parseInt(profileId.substring(1));
    int title = Integer.parseInt(titleId.substring(1));
    int[] own = clustersOf(new SplittableRandom(seed * 1_000_003L + profile));
    double p = (1 - taste) * popularity[title] / globalCumulative[globalCumulative.length - 1];
    int c = clusterOfTitle[title];
    double[] ofCluster = clusterCumulative[c];
    double inCluster = inTaste[title] / ofCluster[ofCluster.length - 1];
    if (c == own[0]) {
      p += taste * 0.7 * inCluster;
    }
    if (c == own[1]) {
      p += taste * 0.3 * inCluster;
    }
    return p;
  }

  public static String profileId(int p) {
    return String.format("p%06d", p);
  }

  public static String titleId(int t) {
    return String.format("t%05d", t);
  }

  private static int pick(double[] cumulative, SplittableRandom random) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, x);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }

  private static double[] cumulative(double[] weights, int[] indices) {
    double[] c = new double[indices.length];
    double sum = 0;
    for (int i = 0; i < indices.length; i++) {
      sum += weights[indices[i]];
      c[i] = sum;
    }
    return c;
  }

  private static int[] shuffled(int n, Random random) {
    int[] a = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
