package io.ottplatform.recommender.experiment;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one profile of an experiment was shown and did: its impressions, the plays attributed to them
 * ({@link Attribution}), and all its plays and minutes watched from its first impression until the attribution
 * window after its last one (exposure: what the arm may have changed, attributed or not).
 *
 * @param arms the distinct arms of its impressions; more than one means the assignment was not stable
 */
public record ProfileOutcome(String profileId, List<String> arms, long impressions, long attributedPlays, long plays,
    double minutes) implements Serializable {

  public String arm() {
    return arms.get(0);
  }

  /** One profile's outcome; {@code impressions} must not be empty. */
  public static ProfileOutcome of(String profileId, List<Impression> impressions, List<Play> plays, Duration window) {
    if (impressions.isEmpty()) {
      throw new IllegalArgumentException("profile " + profileId + " has no impressions");
    }
    Map<String, String> attributed = Attribution.attribute(impressions, plays, window);
    Instant first = impressions.stream().map(Impression::servedAt).min(Comparator.naturalOrder()).orElseThrow();
    Instant end = impressions.stream().map(Impression::servedAt).max(Comparator.naturalOrder()).orElseThrow().plus(window);
    long exposedPlays = 0;
    long exposedMs = 0;
    for (Play p : plays) {
      if (!p.startedAt().isBefore(first) && p.startedAt().isBefore(end)) {
        exposedPlays++;
        exposedMs += p.watchMs();
      }
    }
    List<String> arms = impressions.stream().map(Impression::arm).distinct().sorted().toList();
    return new ProfileOutcome(profileId, arms, impressions.size(), attributed.size(), exposedPlays, exposedMs / 60_000.0);
  }
}
