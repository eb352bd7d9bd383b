package io.ottplatform.media.ladder;

import io.ottplatform.media.probe.MediaInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Source + profile + per-title factor = the rungs to encode. Never upscales: a rung taller than the source is
 * dropped; a source smaller than the lowest rung gets one rung at its own size. Widths keep the source's display
 * aspect (16:9 sources use the profile's widths); FFmpeg's scale filter then sets the small sample aspect ratio
 * that keeps every rung's display aspect identical, which the DASH muxer requires inside one adaptation set.
 */
public final class LadderPlanner {

  private static final double SIXTEEN_NINE = 16.0 / 9.0;

  private LadderPlanner() {}

  public static List<Rung> plan(LadderProfile profile, MediaInfo source, double perTitleFactor) {
    if (!(perTitleFactor > 0 && perTitleFactor <= 1)) {
      throw new IllegalArgumentException("per-title factor must be in (0, 1], got " + perTitleFactor);
    }
    List<Rung> rungs = new ArrayList<>();
    for (RungSpec spec : profile.rungs()) {
      if (spec.height() <= source.height()) {
        int width = widthFor(spec, source);
        rungs.add(new Rung(spec.name(), width, spec.height(), bitrate(profile, spec.bitrateKbps(), perTitleFactor)));
      }
    }
    if (rungs.isEmpty()) {
      RungSpec lowest = profile.rungs().get(profile.rungs().size() - 1);
      int height = even(source.height());
      int width = Math.min(even(source.width()), even(height * source.displayAspect()));
      double areaShare = (double) width * height / (lowest.width16x9() * lowest.height());
      rungs.add(new Rung(height + "p", width, height,
          bitrate(profile, (int) Math.round(lowest.bitrateKbps() * areaShare), perTitleFactor)));
    }
    return List.copyOf(rungs);
  }

  private static int widthFor(RungSpec spec, MediaInfo source) {
    if (Math.abs(source.displayAspect() - SIXTEEN_NINE) < 0.02) { // 848x480 and 854x480 sources count as 16:9
      return spec.width16x9();
    }
    return even(spec.height() * source.displayAspect());
  }

  private static int bitrate(LadderProfile profile, int nominalKbps, double factor) {
    int scaled = (int) (Math.round(nominalKbps * factor / 50.0) * 50);
    return Math.max(profile.minRungKbps(), scaled);
  }

  static int even(double value) {
    int v = (int) Math.round(value);
    return Math.max(2, v - (v % 2));
  }
}
