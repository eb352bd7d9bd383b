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
 * Explicit ratings shaped like the public movie-rating sets (MovieLens 100K / 1M): every user rates at
 * least 20 titles, the number of ratings per user is long-tailed (log-normal, a few users rate hundreds),
 * title popularity is heavily skewed (Zipf exponent 1.0, steeper than {@link PlantedData}'s 0.9, and no
 * square-root damping inside a taste), ratings are 1–5 stars. Titles carry one or two of {@code genres};
 * a user has one to three favourite genres and draws {@code taste} of its titles among them (by
 * popularity), the rest by popularity alone; ratings are higher for favourite genres and for
 * well-liked titles. The rating is the interaction's weight, as {@code --csv} reads such a set.
 *
 * <p>Rows: {@code profile_id, title_id, strength, ts}, the shape {@code Interactions} produces. Deterministic
 * per seed, whatever the partitioning.
 */
public final class RatingsData implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final LocalDateTime START = LocalDateTime.of(2025, 1, 1, 0, 0);

  private final int users;
  private final int titles;
  private final int genres;
  private final double meanRatings;
  private final double taste;
  private final long seed;
  private final int[][] genresOfTitle;
  private final double[] quality;
  private final double[] globalCumulative;
  private final int[][] titlesOfGenre;
  private final double[][] genreCumulative;

  /**
   * @param meanRatings the mean number of ratings per user (at least 20 each)
   * @param taste share of a user's titles drawn from its favourite genres
   */
  public RatingsData(int users, int titles, double meanRatings, int genres, double taste, long seed) {
    if (users <= 0 || titles < 100 || genres <= 1 || meanRatings < 20 || taste < 0 || taste > 1) {
      throw new IllegalArgumentException("ratings data needs users > 0, titles >= 100, genres > 1, meanRatings >= 20, "
          + "0 <= taste <= 1: " + users + ", " + titles + ", " + genres + ", " + meanRatings + ", " + taste);
    }
    this.users = users;
    this.titles = titles;
    this.genres = genres;
    this.meanRatings = meanRatings;
    this.taste = taste;
    this.seed = seed;
    Random random = new Random(seed);
    genresOfTitle = new int[titles][];
    quality = new double[titles];
    double[] popularity = new double[titles];
    int[] order = IntStream.range(0, titles).toArray();
    for (int i = titles - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int r = 0; r < titles; r++) {
      int t = order[r];
      popularity[t] = 1 / Math.pow(r + 1, 1.0);
      int g = random.nextInt(genres);
      genresOfTitle[t] = random.nextDouble() < 0.4 ? new int[] {g, (g + 1 + random.nextInt(genres - 1)) % genres}
          : new int[] {g};
      // popular titles are liked more (as in the public sets), with spread
      quality[t] = 0.6 * (1 - (double) r / titles) + 0.4 * random.nextGaussian();
    }
    globalCumulative = cumulative(popularity, IntStream.range(0, titles).toArray());
    titlesOfGenre = new int[genres][];
    genreCumulative = new double[genres][];
    for (int g = 0; g < genres; g++) {
      final int genre = g;
      titlesOfGenre[g] = IntStream.range(0, titles).filter(t -> Arrays.stream(genresOfTitle[t]).anyMatch(x -> x == genre))
          .toArray();
      genreCumulative[g] = cumulative(popularity, titlesOfGenre[g]);
    }
  }

  /** The ratings as a Spark dataset ({@link PlantedData#SCHEMA}: the rating is the strength). */
  public Dataset<Row> generate(SparkSession spark, int partitions) {
    List<Integer> ids = IntStream.range(0, users).boxed().toList();
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, partitions)
        .flatMap(u -> forUser(u).iterator());
    return spark.createDataFrame(rows, PlantedData.SCHEMA);
  }

  List<Row> forUser(int user) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + user);
    int favourites = 1 + random.nextInt(3);
    int[] liked = new int[favourites];
    for (int i = 0; i < favourites; i++) {
      liked[i] = random.nextInt(genres);
    }
    // log-normal count with sigma 0.9 and the given mean, at least 20
    double mu = Math.log(meanRatings - 20) - 0.9 * 0.9 / 2;
    int n = (int) Math.min(titles / 2, 20 + Math.round(Math.exp(mu + 0.9 * random.nextGaussian())));
    double bias = 0.5 * random.nextGaussian();
    Set<Integer> chosen = new HashSet<>();
    List<Row> out = new ArrayList<>(n);
    long days = 2 * 365;
    for (int attempts = 0; out.size() < n && attempts < n * 30; attempts++) {
      int title;
      if (random.nextDouble() < taste) {
        int g = liked[random.nextInt(favourites)];
        title = titlesOfGenre[g][pick(genreCumulative[g], random)];
      } else {
        title = pick(globalCumulative, random);
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
      double stars = 3.4 + bias + (favourite ? 0.6 : -0.3) + quality[title] + 0.8 * random.nextGaussian();
      int rating = (int) Math.max(1, Math.min(5, Math.round(stars)));
      LocalDateTime ts = START.plusSeconds((long) (random.nextDouble() * days * 86_400));
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
