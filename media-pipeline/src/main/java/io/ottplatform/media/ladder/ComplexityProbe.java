package io.ottplatform.media.ladder;

import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.probe.MediaInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-title encoding: how hard is this source to compress? A few short samples are encoded at the top rung's size
 * with constant quality ({@code -crf 23}, the profile's preset); the bitrate CRF needed, against the top rung's
 * nominal bitrate, scales the whole ladder down for easy sources:
 *
 * <pre>factor = clamp(HEADROOM * crf_kbps / nominal_top_kbps, MIN_FACTOR, 1)</pre>
 *
 * CRF 23 is about the quality the nominal ladder reaches on ordinary content, so a source that reaches it with
 * fewer bits needs fewer bits in every rung; {@code HEADROOM} covers the capped-VBR encoder's lower efficiency
 * than CRF's, {@code MIN_FACTOR} keeps a floor for a still image that a short sample overrates. Hard sources
 * never get more than the nominal ladder (the factor is at most 1): bandwidth budgets are set by the ladder.
 */
public final class ComplexityProbe {

  public static final int CRF = 23;
  public static final double HEADROOM = 1.2;
  public static final double MIN_FACTOR = 0.35;
  public static final double SAMPLE_SECONDS = 2;

  /** {@code crfKbps}: what CRF 23 needed on the samples; {@code factor}: the multiplier for every rung. */
  public record Complexity(double crfKbps, int nominalTopKbps, double factor, int samples) {}

  private final FfmpegEngine engine;

  public ComplexityProbe(FfmpegEngine engine) {
    this.engine = engine;
  }

  public Complexity measure(Path source, MediaInfo info, LadderProfile profile, Path workDir) {
    Rung top = LadderPlanner.plan(profile, info, 1.0).get(0);
    List<Double> starts = sampleStarts(info.durationSeconds());
    double length = Math.min(SAMPLE_SECONDS, info.durationSeconds());
    long bits = 0;
    double seconds = 0;
    try {
      Files.createDirectories(workDir);
      for (int i = 0; i < starts.size(); i++) {
        Path sample = workDir.resolve("complexity-" + i + ".mp4");
        engine.run("complexity sample " + i, List.of(
            "-ss", fmt(starts.get(i)), "-t", fmt(length), "-i", source.toString(), "-map", "0:v:0", "-an",
            "-vf", "scale=" + top.width() + ":" + top.height(),
            "-c:v", profile.videoCodec(), "-preset", profile.preset(), "-crf", String.valueOf(CRF),
            "-f", "mp4", sample.toString()), length, p -> { }, List.of(sample));
        bits += Files.size(sample) * 8;
        seconds += length;
        Files.deleteIfExists(sample);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("complexity probe in " + workDir, e);
    }
    double crfKbps = bits / seconds / 1000.0;
    double factor = Math.max(MIN_FACTOR, Math.min(1.0, HEADROOM * crfKbps / top.bitrateKbps()));
    return new Complexity(crfKbps, top.bitrateKbps(), factor, starts.size());
  }

  /** Three samples at 20, 50 and 80 % of a title long enough for them not to overlap; one in the middle otherwise. */
  static List<Double> sampleStarts(double duration) {
    List<Double> starts = new ArrayList<>();
    if (duration >= 6 * SAMPLE_SECONDS) {
      for (double at : new double[] {0.2, 0.5, 0.8}) {
        starts.add(Math.max(0, at * duration - SAMPLE_SECONDS / 2));
      }
    } else {
      starts.add(Math.max(0, duration / 2 - SAMPLE_SECONDS / 2));
    }
    return starts;
  }

  private static String fmt(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.3f", seconds);
  }
}
