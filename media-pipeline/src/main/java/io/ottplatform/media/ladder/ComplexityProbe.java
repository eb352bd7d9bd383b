package io.ottplatform.media.ladder;

import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.ladder.EqualQualityRule.Trial;
import io.ottplatform.media.packaging.PackagingCommand;
import io.ottplatform.media.probe.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-title encoding: what does this source need, rung by rung, for the quality the fixed ladder gives it? A few
 * short samples (2 s each; three at 20/50/80 % of a title of 12 s or more, one in the middle otherwise) are joined,
 * scaled to each rung's size through the ladder's own chain of scalers, and encoded exactly as the ladder would
 * (profile, preset, closed GOPs): once with the fixed rung's capped VBR, then at a few CRFs under the same cap, which
 * {@link EqualQualityRule} picks and judges. The fixed rung's trial plays the samples for as long as the title lasts
 * (up to a minute; {@link #abrCopies}). x264 itself measures each encode's PSNR against the scaled samples
 * ({@code -flags +psnr}) and its bitrate, and the encodes go to the null muxer: the probe writes no file.
 *
 * <p>The cost per rung: one encode of up to 60 s (the fixed rung) and up to six of the samples (the CRF trials).
 */
public final class ComplexityProbe {

  public static final double SAMPLE_SECONDS = 2;
  public static final double MAX_ABR_SECONDS = 60;

  // x264's summary at the end of an encode: "PSNR Mean Y:.. U:.. V:.. Avg:.. Global:62.411 kb/s:430.14"
  private static final Pattern SUMMARY = Pattern.compile("PSNR Mean .*Global:\\s*([0-9.]+|inf)\\s+kb/s:\\s*([0-9.]+)");

  /** One rung's probe: the fixed rung's trial, the CRF trials, and the rung chosen. */
  public record RungProbe(Rung fixed, Trial fixedTrial, List<Trial> crfTrials, Rung chosen) {}

  /** Every rung's probe; {@code samples}: how many excerpts of the title were encoded. */
  public record Complexity(List<RungProbe> rungs, int samples) {

    public Complexity {
      rungs = List.copyOf(rungs);
    }

    /** The per-title ladder. */
    public List<Rung> ladder() {
      return rungs.stream().map(RungProbe::chosen).toList();
    }

    /** The per-title ladder's bandwidth over the fixed ladder's: 1 when nothing was saved. */
    public double factor() {
      double fixed = rungs.stream().mapToDouble(r -> r.fixed().bitrateKbps()).sum();
      double chosen = rungs.stream().mapToDouble(r -> r.chosen().bitrateKbps()).sum();
      return fixed == 0 ? 1 : chosen / fixed;
    }
  }

  private final FfmpegEngine engine;

  public ComplexityProbe(FfmpegEngine engine) {
    this.engine = engine;
  }

  public Complexity measure(Path source, MediaInfo info, LadderProfile profile) {
    List<Double> starts = sampleStarts(info.durationSeconds());
    double length = Math.min(SAMPLE_SECONDS, info.durationSeconds());
    List<RungProbe> probes = new ArrayList<>();
    List<Rung> ladder = LadderPlanner.plan(profile, info, 1.0);
    for (int i = 0; i < ladder.size(); i++) {
      Rung rung = ladder.get(i);
      String scaling = scalingChain(info, ladder.subList(0, i + 1));
      Trial fixed = encode(source, info, profile, rung, scaling, starts, length,
          abrCopies(info.durationSeconds(), starts.size() * length));
      List<Trial> trials = new ArrayList<>();
      for (OptionalDouble crf = EqualQualityRule.nextCrf(fixed, trials); crf.isPresent();
          crf = EqualQualityRule.nextCrf(fixed, trials)) {
        Trial t = encode(source, info, profile, rung.withCrf(crf.getAsDouble(), rung.bitrateKbps()), scaling, starts, length, 1);
        trials.add(t);
      }
      probes.add(new RungProbe(rung, fixed, trials, EqualQualityRule.choose(rung, fixed, trials, profile.minRungKbps())));
    }
    return new Complexity(probes, starts.size());
  }

  /**
   * How many times the fixed rung's trial plays the samples. x264's one-pass ABR keeps lowering its QP for as long as
   * an easy picture leaves it under its bitrate, so its PSNR grows with the title's length (a nearly still 480p
   * gradient at 1200 kbps: 63.4 dB over 2 s, 66.1 over 6 s, 67.7 over 20 s, 68.4 over 60 s): the trial must last
   * as long as the title, up to {@link #MAX_ABR_SECONDS}, or it underrates the quality the fixed ladder reaches.
   * CRF does not depend on length; its trials play the samples once.
   */
  static int abrCopies(double titleSeconds, double samplesSeconds) {
    return (int) Math.max(1, Math.round(Math.min(titleSeconds, MAX_ABR_SECONDS) / samplesSeconds));
  }

  /**
   * The samples joined, scaled to the rung's size, played {@code copies} times (the loop filter holds the scaled
   * samples in memory: 150 frames, 470 MB at 1080p) and encoded with the rung's rate control; x264's PSNR and
   * bitrate.
   */
  private Trial encode(Path source, MediaInfo info, LadderProfile profile, Rung rung, String scaling, List<Double> starts,
      double length, int copies) {
    List<String> args = new ArrayList<>();
    StringBuilder graph = new StringBuilder();
    for (int i = 0; i < starts.size(); i++) {
      args.addAll(List.of("-ss", fmt(starts.get(i)), "-t", fmt(length), "-i", source.toString()));
      graph.append('[').append(i).append(":v:0]");
    }
    graph.append(starts.size() > 1 ? "concat=n=" + starts.size() + ":v=1:a=0," : "")
        .append(scaling).append("format=yuv420p");
    if (copies > 1) {
      int frames = (int) Math.ceil(starts.size() * length * info.frameRate()) + 1; // more than the samples hold is fine
      graph.append(",loop=loop=").append(copies - 1).append(":size=").append(frames).append(":start=0");
    }
    graph.append("[v]");
    args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[v]", "-an"));
    args.addAll(PackagingCommand.videoCodecArgs(profile, info, true));
    args.addAll(PackagingCommand.rateArgs(rung, "v:0"));
    args.addAll(List.of("-f", "null", "-"));
    String what = "complexity sample at " + rung.name() + (rung.crf().isPresent() ? " CRF " + Rung.crfText(rung.crf().getAsDouble()) : " (fixed)");
    Matcher m = SUMMARY.matcher(engine.runForLog(what, args));
    if (!m.find()) {
      throw new IllegalStateException(what + ": x264 printed no PSNR summary");
    }
    double psnr = m.group(1).equals("inf") ? 100 : Double.parseDouble(m.group(1));
    double kbps = Double.parseDouble(m.group(2));
    return rung.crf().isPresent() ? Trial.crf(rung.crf().getAsDouble(), kbps, psnr) : Trial.fixed(kbps, psnr);
  }

  /**
   * The scalers the ladder's one process puts between the decoded picture and this rung (each rung is scaled from
   * the one above, {@code PackagingCommand.filterGraph}): a picture scaled three times is not the picture scaled
   * once, and a lower rung's CRF spent a third more on the full title than on samples scaled once.
   */
  static String scalingChain(MediaInfo info, List<Rung> downTo) {
    StringBuilder chain = new StringBuilder();
    for (int i = 0; i < downTo.size(); i++) {
      Rung r = downTo.get(i);
      if (i > 0 || r.width() != info.width() || r.height() != info.height()) {
        chain.append("scale=").append(r.width()).append(':').append(r.height()).append(":flags=bicubic,");
      }
    }
    return chain.toString();
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
    return String.format(Locale.ROOT, "%.3f", seconds);
  }
}
