package io.ottplatform.serving.dashboard.lake;

import io.ottplatform.serving.dashboard.api.DropoffPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A drop-off curve from a histogram of plays by the step of the title they got furthest to: a play whose furthest
 * position is in step {@code s} (from {@code s * 5 %} up to, not including, the next step; {@link #STEPS} means the
 * end) was still watching at every point up to {@code s * 5 %}.
 */
public final class DropoffCurve {

  /** Points every 5 % of the title. */
  public static final int STEPS = 20;

  private DropoffCurve() {}

  /** {@code playsByStep}: plays per furthest step (0..{@link #STEPS}); {@code durationMs} null when unknown. */
  public static List<DropoffPoint> of(Map<Integer, Long> playsByStep, Long durationMs) {
    long total = playsByStep.values().stream().mapToLong(Long::longValue).sum();
    List<DropoffPoint> points = new ArrayList<>(STEPS + 1);
    for (int step = 0; step <= STEPS; step++) {
      long reached = 0;
      for (Map.Entry<Integer, Long> e : playsByStep.entrySet()) {
        if (e.getKey() >= step) {
          reached += e.getValue();
        }
      }
      points.add(new DropoffPoint(step / (double) STEPS, durationMs == null ? null : durationMs * step / STEPS,
          reached, total == 0 ? 0.0 : reached / (double) total));
    }
    return points;
  }
}
