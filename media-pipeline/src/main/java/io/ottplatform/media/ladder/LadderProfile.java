package io.ottplatform.media.ladder;

import java.util.List;
import java.util.Map;

/**
 * A declarative encoding profile (after Opencast's encoding profiles): what to make, not how to call FFmpeg.
 * {@link io.ottplatform.media.packaging.PackagingCommand} turns it into arguments.
 *
 * @param rungs highest first
 * @param keyframeSeconds closed GOPs start every this many seconds in every rung, so players switch at any
 *     segment boundary; the segment length equals it
 * @param loudnessLufs EBU R128 integrated loudness target ({@code loudnorm I}); -23 LUFS is R128 itself
 */
public record LadderProfile(String name, String videoCodec, String preset, List<RungSpec> rungs, int keyframeSeconds,
    String audioCodec, int audioKbps, double loudnessLufs, double truePeakDb, double loudnessRange,
    int minRungKbps) {

  public LadderProfile {
    rungs = List.copyOf(rungs);
    for (int i = 1; i < rungs.size(); i++) {
      if (rungs.get(i).height() >= rungs.get(i - 1).height()) {
        throw new IllegalArgumentException("profile " + name + ": rungs must go from highest to lowest, "
            + rungs.get(i).name() + " follows " + rungs.get(i - 1).name());
      }
    }
  }

  /** H.264 up to 1080p, AAC stereo, 2 s closed GOPs, -23 LUFS: what every browser and TV plays. */
  public static final LadderProfile DEFAULT_H264 = new LadderProfile("default-h264", "libx264", "veryfast",
      List.of(new RungSpec("1080p", 1080, 1920, 5000), new RungSpec("720p", 720, 1280, 3000),
          new RungSpec("480p", 480, 848, 1200), new RungSpec("360p", 360, 640, 700)),
      2, "aac", 128, -23, -1, 7, 150);

  private static final Map<String, LadderProfile> PROFILES = Map.of(DEFAULT_H264.name(), DEFAULT_H264);

  /** The profile a job names; blank means the default. */
  public static LadderProfile named(String name) {
    if (name == null || name.isBlank()) {
      return DEFAULT_H264;
    }
    LadderProfile profile = PROFILES.get(name);
    if (profile == null) {
      throw new IllegalArgumentException("unknown ladder profile '" + name + "' (known: " + PROFILES.keySet() + ")");
    }
    return profile;
  }

  public LadderProfile withPreset(String newPreset) {
    return new LadderProfile(name, videoCodec, newPreset, rungs, keyframeSeconds, audioCodec, audioKbps,
        loudnessLufs, truePeakDb, loudnessRange, minRungKbps);
  }
}
