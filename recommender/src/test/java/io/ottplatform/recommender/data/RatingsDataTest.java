package io.ottplatform.recommender.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's ratings shape at its size and seed (1,000 users × 1,700 titles, seed 42) has the public
 * set's statistics it is calibrated to (MovieLens 100K, docs/recommender.md "The ratings shape, calibrated"),
 * within tolerances: a generator change that drifts away from them fails here, not silently in the benchmark.
 */
class RatingsDataTest {

  static final int USERS = 1_000;
  static final int TITLES = 1_700;
  static final List<List<Row>> BY_USER = new ArrayList<>();
  static final int[] RATERS = new int[TITLES];

  @BeforeAll
  static void generate() {
    RatingsData data = new RatingsData(USERS, TITLES, 18, 42);
    for (int u = 0; u < USERS; u++) {
      List<Row> rows = data.forUser(u);
      BY_USER.add(rows);
      for (Row r : rows) {
        RATERS[title(r)]++;
      }
    }
  }

  @Test
  void theMostRatedTitleIsRatedByAboutHalfTheUsersNotByAll() {
    // MovieLens 100K: 583 of 943 users (0.62); 1M: 0.57. The uncalibrated generator had 0.99
    double topShare = (double) Arrays.stream(RATERS).max().orElseThrow() / USERS;
    assertThat(topShare).isBetween(0.45, 0.65);
  }

  @Test
  void titlePopularityHasTheLongTailOfThePublicSet() {
    // item Gini: MovieLens 100K 0.629, 1M 0.634
    assertThat(gini(RATERS)).isBetween(0.58, 0.70);
    // a title's median number of raters: 27 of 943 users (2.9 %) in MovieLens 100K
    int[] sorted = RATERS.clone();
    Arrays.sort(sorted);
    assertThat((double) sorted[TITLES / 2] / USERS).isBetween(0.015, 0.04);
  }

  @Test
  void everyUserRatesTwentyOrMoreAndActivityIsLongTailed() {
    int[] counts = BY_USER.stream().mapToInt(List::size).sorted().toArray();
    assertThat(counts[0]).isGreaterThanOrEqualTo(20);
    // MovieLens 100K: median 65, mean 106, max 737 ratings per user
    assertThat(counts[USERS / 2]).isBetween(50, 80);
    double mean = Arrays.stream(counts).average().orElseThrow();
    assertThat(mean).isBetween(90.0, 125.0);
    assertThat(counts[USERS - 1]).isGreaterThan(500);
  }

  @Test
  void starsAreOneToFiveWithAboutThePublicSetsDistribution() {
    // MovieLens 100K: 6 / 11 / 27 / 34 / 21 % of 1..5 stars, mean 3.53
    Map<Integer, Integer> stars = new HashMap<>();
    double sum = 0;
    int n = 0;
    for (List<Row> rows : BY_USER) {
      for (Row r : rows) {
        stars.merge((int) r.getDouble(2), 1, Integer::sum);
        sum += r.getDouble(2);
        n++;
      }
    }
    assertThat(stars.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(sum / n).isBetween(3.35, 3.7);
    assertThat((double) stars.get(4) / n).isBetween(0.25, 0.38);
    assertThat((double) stars.get(1) / n).isBetween(0.02, 0.08);
  }

  @Test
  void aUsersLatestRatingsLieDeeperInTheTailThanItsFirst() {
    // the time split holds out each user's latest 20 %: those are less popular titles than the user's
    // earlier ones (what makes popularity weak on a time split of the public sets)
    double earlier = 0;
    double latest = 0;
    long earlierN = 0;
    long latestN = 0;
    for (List<Row> rows : BY_USER) {
      LocalDateTime previous = LocalDateTime.MIN;
      for (Row r : rows) {
        LocalDateTime ts = (LocalDateTime) r.get(3);
        assertThat(ts).as("a user's ratings are in time order").isAfter(previous);
        previous = ts;
      }
      int cut = rows.size() - Math.max(1, rows.size() / 5);
      for (int i = 0; i < rows.size(); i++) {
        double share = (double) RATERS[title(rows.get(i))] / USERS;
        if (i < cut) {
          earlier += share;
          earlierN++;
        } else {
          latest += share;
          latestN++;
        }
      }
    }
    assertThat(latest / latestN).isLessThan(0.75 * (earlier / earlierN));
  }

  @Test
  void theSameSeedGivesTheSameRatings() {
    assertThat(new RatingsData(USERS, TITLES, 18, 42).forUser(17)).isEqualTo(BY_USER.get(17));
    assertThat(new RatingsData(USERS, TITLES, 18, 43).forUser(17)).isNotEqualTo(BY_USER.get(17));
  }

  private static int title(Row r) {
    return Integer.parseInt(r.getString(1).substring(1));
  }

  /** Gini coefficient of the raters per title (0: all equal, 1: one title has them all). */
  static double gini(int[] values) {
    double[] x = Arrays.stream(values).asDoubleStream().sorted().toArray();
    double weighted = 0;
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      weighted += (i + 1) * x[i];
      total += x[i];
    }
    return (2 * weighted) / (x.length * total) - (x.length + 1.0) / x.length;
  }
}
