package io.ottplatform.recommender.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The implicit-feedback strength r(u,i) of a profile's watching of a title, which Spark's implicit ALS
 * turns into the confidence c = 1 + alpha * r (and preference p = 1 when r > 0):
 *
 * <pre>r = ln(1 + minutes watched) + COMPLETION_WEIGHT * completion</pre>
 *
 * where minutes are summed over all days and completion is 1 if the profile finished the title on any
 * day, else its highest completion ratio (0..1). The logarithm keeps a binge of a long series from
 * drowning everything else (90 minutes count ~4.5, 10 minutes ~2.4); completion adds a signal that
 * minutes alone miss: finishing a 20-minute episode says more than abandoning a 3-hour film after 20.
 * A row with no minutes and no progress (the viewer left before the video started) has r = 0 and is
 * dropped: it is no evidence of taste.
 */
public final class Confidence {

  public static final double COMPLETION_WEIGHT = 2.0;

  private Confidence() {}

  /** The same formula in plain Java (documentation and tests). */
  public static double strength(double minutesWatched, double maxCompletionRatio, boolean completed) {
    double completion = completed ? 1.0 : Math.max(0, Math.min(1, maxCompletionRatio));
    return Math.log1p(Math.max(0, minutesWatched)) + COMPLETION_WEIGHT * completion;
  }

  /** Over columns of total minutes, best completion ratio (nullable) and completed-any-day. */
  public static Column strength(Column minutesWatched, Column maxCompletionRatio, Column completed) {
    Column ratio = when(maxCompletionRatio.isNull(), lit(0.0))
        .when(maxCompletionRatio.gt(1), lit(1.0))
        .when(maxCompletionRatio.lt(0), lit(0.0))
        .otherwise(maxCompletionRatio);
    Column completion = when(completed, lit(1.0)).otherwise(ratio);
    Column minutes = when(minutesWatched.lt(0), lit(0.0)).otherwise(minutesWatched);
    return log1p(minutes).plus(completion.multiply(COMPLETION_WEIGHT));
  }

  static Column strengthOfAggregates() {
    return strength(col("minutes_watched"), col("max_completion_ratio"), col("completed"));
  }
}
