package io.ottplatform.serving.common;

import java.util.Arrays;
import java.util.Optional;

/**
 * The platform's age ratings, ordered by {@link #level()}. A profile may watch a title when the
 * title's level is at most the profile's ceiling. Kids profiles are capped at {@link #KIDS_MAX}.
 */
public enum MaturityRating {
  ALL("ALL", 0), SEVEN("7+", 7), TEN("10+", 10), THIRTEEN("13+", 13), SIXTEEN("16+", 16), EIGHTEEN("18+", 18);

  public static final MaturityRating KIDS_MAX = TEN;
  public static final MaturityRating KIDS_DEFAULT = SEVEN;

  private final String label;
  private final int level;

  MaturityRating(String label, int level) {
    this.label = label;
    this.level = level;
  }

  public String label() { return label; }
  public int level() { return level; }

  public static Optional<MaturityRating> parse(String label) {
    return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst();
  }

  public static MaturityRating ofLevel(int level) {
    return Arrays.stream(values()).filter(r -> r.level == level).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rating with level " + level));
  }
}
