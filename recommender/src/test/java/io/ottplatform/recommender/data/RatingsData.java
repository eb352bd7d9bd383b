package io.ottplatform.recommender.data;

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

/**
 * Explicit ratings calibrated to the public movie-rating sets (MovieLens 100K: 943 users × 1,682 titles × 100K
 * ratings; MovieLens 1M has the same shape per user), so the benchmark's "ratings" shape is as hard for
 * popularity and for plain ALS as such a set is. The calibration targets are the public set's statistics
 * (docs/recommender.md "The ratings shape, calibrated"), never a model's score:
 * <ul>
 *   <li><b>title popularity</b>: a Zipf–Mandelbrot curve, weight ∝ (rank + 150)^−2.8 over a random order of
 *       titles: flat among the well-known titles and a steep tail of titles few ever rate. MovieLens 100K:
 *       the most-rated title is rated by 62 % of users (1M: 57 %), item Gini 0.63, a title's median
 *       number of ratings is about 3 % of the users;</li>
 *   <li><b>user activity</b>: at least 20 ratings, the rest log-normal (median 45, σ 1.2): median ~65, mean
 *       ~105 ratings per user, a few users rate hundreds;</li>
 *   <li><b>taste</b>: titles carry one or two of 18 genres (MovieLens' 18), a user has one to three
 *       favourite genres; ratings are higher in the favourite genres, for better-liked titles and per user
 *       (a bias); stars are 1–5 with about MovieLens' distribution (mean 3.5);</li>
 *   <li><b>time order</b>: a user's ratings are drawn in order. Early on (a new member rating what it has
 *       seen) a rating is drawn in the favourite genres with probability 0.3, the rest from the whole
 *       catalog, both by popularity; by its last rating the share in its genres has grown to 0.8 and the
 *       draws reach further into the long tail (popularity weight^β, β from 1 down to 0.85). So a user's
 *       latest ratings — the test split — lie deeper within its tastes than its first ones, as in the
 *       public sets, where popularity scores far lower on a time split than on a random one.</li>
 * </ul>
 * The rating is the interaction's weight, as {@code --csv} reads such a set.
 *
 * <p>Rows: {@code profile_id, title_id, strength, ts}, the shape {@code Interactions} produces. Deterministic
 * per seed, whatever the partitioning.
 */
public final class RatingsData implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final LocalDateTime START = LocalDateTime.of(1997, 9, 20, 0, 0);
  /** MovieLens 100K spans seven months; users join during the first half of it. */
  private static final long JOIN_WINDOW_SECONDS = 105L * 86_400;

  static final double POPULARITY_OFFSET = 150;
  static final double POPULARITY_EXPONENT = 2.8;
  static final int MIN_RATINGS = 20;
  static final double EXTRA_RATINGS_MEDIAN = 45;
  static final double EXTRA_RATINGS_SIGMA = 1.2;
  static final double TASTE_FIRST = 0.3;
  static final double TASTE_LAST = 0.8;
  static final double BETA_FIRST = 1.0;
  static final double BETA_LAST = 0.85;
  /** The drift of β over a user's ratings, in steps (each with its own cumulative weights). */
  private static final int PHASES = 5;

  private final int users;
  private final int titles;
  private final int genres;
  private final long seed;
  private final int[][] genresOfTitle;
  private final double[] quality;
  private final double[][] globalCumulative;
  private final int[][] titlesOfGenre;
  private final double[][][] genreCumulative;

  /** @param genres MovieLens has 18 */
  public RatingsData(int users, int titles, int genres, long seed) {
    if (users <= 0 || titles < 100 || genres <= 1) {
      throw new IllegalArgumentException("ratings data needs users > 0, titles >= 100, genres > 1: " + users + ", "
          + titles + ", " + genres);
    }
    this.users = users;
    this.titles = titles;
    this.genres = genres;
    this.seed = seed;
    Random random = new Random(seed);
    double[] logWeight = new double[titles];
    int[] order = IntStream.range(0, titles).toArray();
    for (int i = titles - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    genresOfTitle = new int[titles][];
    for (int r = 0; r < titles; r++) {
      logWeight[order[r]] = -POPULARITY_EXPONENT * Math.log(r + 1 + POPULARITY_OFFSET);
    }
    double mean = Arrays.stream(logWeight).average().orElse(0);
    double sd = Math.sqrt(Arrays.stream(logWeight).map(x -> (x - mean) * (x - mean)).average().orElse(1));
    quality = new double[titles];
    for (int t = 0; t < titles; t++) {
      int g = random.nextInt(genres);
      genresOfTitle[t] = random.nextDouble() < 0.4 ? new int[] {g, (g + 1 + random.nextInt(genres - 1)) % genres}
          : new int[] {g};
      // well-known titles are liked more (as in the public sets), with spread
      quality[t] = 0.3 * (logWeight[t] - mean) / sd + 0.4 * random.nextGaussian();
    }
    titlesOfGenre = new int[genres][];
    for (int g = 0; g < genres; g++) {
      final int genre = g;
      titlesOfGenre[g] = IntStream.range(0, titles).filter(t -> Arrays.stream(genresOfTitle[t]).anyMatch(x -> x == genre))
          .toArray();
    }
    double top = Arrays.stream(logWeight).max().orElse(0);
    globalCumulative = new double[PHASES][];
    genreCumulative = new double[PHASES][genres][];
    int[] all = IntStream.range(0, titles).toArray();
    for (int p = 0; p < PHASES; p++) {
      double beta = BETA_FIRST + (BETA_LAST - BETA_FIRST) * p / (PHASES - 1);
      double[] weight = Arrays.stream(logWeight).map(l -> Math.exp(beta * (l - top))).toArray();
      globalCumulative[p] = cumulative(weight, all);
      for (int g = 0; g < genres; g++) {
        genreCumulative[p][g] = cumulative(weight, titlesOfGenre[g]);
      }
    }
  }

  /** The ratings as a Spark dataset ({@link PlantedData#SCHEMA}: the rating is the strength). */
  public Dataset<Row> generate(SparkSession spark, int partitions) {
    List<Integer> ids = IntStream.range(0, users).boxed().toList();
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, partitions)
        .flatMap(u -> forUser(u).iterator());
    return spark.createDataFrame(rows, PlantedData.SCHEMA);
  }

  /** One user's ratings in the order they were given (timestamps strictly increasing). */
  List<Row> forUser(int user) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + user);
    int favourites = 1 + random.nextInt(3);
    int[] liked = new int[favourites];
    for (int i = 0; i < favourites; i++) {
      liked[i] = random.nextInt(genres);
    }
    int n = (int) Math.min(titles / 2,
        MIN_RATINGS + Math.round(EXTRA_RATINGS_MEDIAN * Math.exp(EXTRA_RATINGS_SIGMA * random.nextGaussian())));
    double bias = 0.5 * random.nextGaussian();
    Set<Integer> chosen = new HashSet<>();
    List<Row> out = new ArrayList<>(n);
    LocalDateTime ts = START.plusSeconds((long) (random.nextDouble() * JOIN_WINDOW_SECONDS));
    for (int attempts = 0; out.size() < n && attempts < n * 30; attempts++) {
      double progress = (double) out.size() / Math.max(1, n - 1);
      int phase = Math.min(PHASES - 1, (int) (progress * PHASES));
      int title;
      if (random.nextDouble() < TASTE_FIRST + (TASTE_LAST - TASTE_FIRST) * progress) {
        int g = liked[random.nextInt(favourites)];
        title = titlesOfGenre[g][pick(genreCumulative[phase][g], random)];
      } else {
        title = pick(globalCumulative[phase], random);
      }
      if (!chosen.add(title)) {
        continue;
      }
      boolean favourite = false;
      for (int g : genresOfTitle[title]) {
        for (int l : liked) {
          favourite |= g == l;
        }
      }
      double stars = 3.2 + bias + (favourite ? 0.5 : -0.4) + quality[title] + 0.9 * random.nextGaussian();
      int rating = (int) Math.max(1, Math.min(5, Math.round(stars)));
      // one rating after the other: seconds to a few hours apart, never at the same second
      ts = ts.plusSeconds(1 + (long) (-Math.log(1 - random.nextDouble()) * 1_800));
      out.add(RowFactory.create(PlantedData.profileId(user), PlantedData.titleId(title), (double) rating, ts));
    }
    return out;
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
}
