package io.ottplatform.recommender.experiment;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which impression a play is credited to, for one profile (the definition every report uses).
 *
 * <p>A play is attributed to an impression of the same profile that showed its title when the view started
 * within {@code window} after the impression was served ({@code served_at <= view_start < served_at + window}).
 * When several qualify, the latest one wins (ties by impression id, so the answer never depends on input order):
 * the list the viewer saw last is the likeliest cause, and crediting one impression keeps a play from being
 * counted twice in click-through. An impression may be credited with several plays (several titles of the list,
 * or one title played twice).
 */
public final class Attribution {

  private static final Comparator<Impression> LATEST_FIRST =
      Comparator.comparing(Impression::servedAt).thenComparing(Impression::impressionId).reversed();

  private Attribution() {}

  /** Play session id → the impression id it is attributed to; plays without a qualifying impression are absent. */
  public static Map<String, String> attribute(List<Impression> impressions, List<Play> plays, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("attribution window must be positive: " + window);
    }
    List<Impression> latestFirst = impressions.stream().sorted(LATEST_FIRST).toList();
    Map<String, String> attributed = new HashMap<>();
    for (Play play : plays) {
      for (Impression i : latestFirst) {
        boolean inWindow = !play.startedAt().isBefore(i.servedAt()) && play.startedAt().isBefore(i.servedAt().plus(window));
        if (inWindow && i.titleIds().contains(play.titleId())) {
          attributed.put(play.sessionId(), i.impressionId());
          break;
        }
      }
    }
    return attributed;
  }
}
