package io.ottplatform.media.ladder;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The per-title rule, without FFmpeg: which CRF to try next on a rung's samples, and which rung to keep.
 *
 * <p>Per-title means "the same measured quality for fewer bits". The fixed rung's quality on this source is
 * measured, not assumed: its capped VBR encode of the samples gives a PSNR, and the rule looks for the highest CRF
 * (the fewest bits) whose capped-CRF encode of the same samples stays within {@link #MARGIN_DB} of it. Easy sources
 * save twice: constant quality spends only what the picture needs, and x264's one-pass ABR, asked for a bitrate an
 * easy picture does not need, pours it into P- and B-frames at QP 2-5 for hundredths of a dB. A hard source cannot
 * reach the fixed rung's PSNR with fewer bits under the same cap, so it keeps the fixed rung: never starved.
 *
 * <p>PSNR falls by a roughly constant number of dB per CRF step far from the target, so the search walks by a
 * secant on CRF in whole steps, started at {@link #FIRST_CRF} with an assumed slope, stepping further after a miss
 * ({@link #OVERSHOOT_AFTER_MISS}), bisecting once the target is bracketed down to {@link #CRF_RESOLUTION} (x264's
 * rate factor is continuous: on an easy 1080p rung one whole CRF step moved PSNR by 0.8 dB, more than the margin),
 * and bounded to {@link #MAX_CRF_TRIALS} encodes of the samples.
 */
public final class EqualQualityRule {

  /** The samples stand for the whole title: aim half-way inside the 0.5 dB that "equal quality" allows. */
  public static final double MARGIN_DB = 0.25;
  /** A CRF rung must save this share of the fixed rung's bits on the samples, or the fixed rung stays. */
  public static final double MIN_SAVING = 0.10;
  public static final double FIRST_CRF = 18;
  /** CRF 0 is lossless, which the High profile cannot carry. */
  public static final double MIN_CRF = 1;
  public static final double MAX_CRF = 40;
  /** The bisection stops when the CRFs that met and missed the target are this close. */
  public static final double CRF_RESOLUTION = 0.25;
  public static final double ASSUMED_DB_PER_CRF = 0.8;
  public static final int MAX_CRF_TRIALS = 8;
  /**
   * After a miss, step this much further than the slope says: near the fixed rung's PSNR the curve flattens (each CRF
   * step buys less), and a rung that misses the target loses its whole saving while one step too far costs little.
   */
  public static final double OVERSHOOT_AFTER_MISS = 1.5;
  /** The manifests' bandwidth for a CRF rung: the samples' bitrate with room for the title's harder scenes. */
  public static final double EXPECTED_HEADROOM = 1.2;

  /** One encode of the samples: its CRF (empty: the fixed rung's capped VBR), its bitrate and its PSNR. */
  public record Trial(OptionalDouble crf, double kbps, double psnrDb) {

    public static Trial fixed(double kbps, double psnrDb) {
      return new Trial(OptionalDouble.empty(), kbps, psnrDb);
    }

    public static Trial crf(double crf, double kbps, double psnrDb) {
      return new Trial(OptionalDouble.of(crf), kbps, psnrDb);
    }

    double crfValue() {
      return crf.orElseThrow(() -> new IllegalStateException("the fixed rung's trial has no CRF"));
    }
  }

  private EqualQualityRule() {}

  /** The PSNR a CRF trial must reach. */
  public static double targetDb(Trial fixed) {
    return fixed.psnrDb() - MARGIN_DB;
  }

  /** The next CRF to encode the samples at, or empty when the search is over. */
  public static OptionalDouble nextCrf(Trial fixed, List<Trial> crfTrials) {
    if (crfTrials.isEmpty()) {
      return OptionalDouble.of(FIRST_CRF);
    }
    if (crfTrials.size() >= MAX_CRF_TRIALS) {
      return OptionalDouble.empty();
    }
    double target = targetDb(fixed);
    Optional<Trial> met = crfTrials.stream().filter(t -> t.psnrDb() >= target).max(Comparator.comparingDouble(Trial::crfValue));
    Optional<Trial> failed = crfTrials.stream().filter(t -> t.psnrDb() < target).min(Comparator.comparingDouble(Trial::crfValue));
    if (failed.isEmpty() && capBinds(crfTrials)) {
      return OptionalDouble.empty(); // walking up from CRFs that all met the target, but none spends less
    }
    double next;
    if (met.isPresent() && failed.isPresent()) {
      // bracketed: bisect between the best CRF that met the target and the lowest that missed it (the curve bends
      // too much near the fixed rung's PSNR for interpolation to land)
      double m = met.get().crfValue();
      double f = failed.get().crfValue();
      if (f - m <= CRF_RESOLUTION) {
        return OptionalDouble.empty();
      }
      next = Math.floor((m + f) / 2 / CRF_RESOLUTION) * CRF_RESOLUTION;
    } else if (met.isPresent()) {
      Trial m = met.get(); // every trial met the target: fewer bits are still possible
      next = m.crfValue() + Math.max(1, (int) Math.floor((m.psnrDb() - target) / slope(crfTrials)));
    } else {
      Trial f = failed.get(); // every trial missed: better quality is needed
      next = f.crfValue() - Math.max(1, (int) Math.ceil(OVERSHOOT_AFTER_MISS * (target - f.psnrDb()) / slope(crfTrials)));
    }
    next = Math.max(MIN_CRF, Math.min(MAX_CRF, next));
    double candidate = next;
    if (crfTrials.stream().anyMatch(t -> t.crfValue() == candidate)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(next);
  }

  /**
   * The fixed rung, or the same picture at the cheapest CRF trial that reached the target and saved at least
   * {@link #MIN_SAVING} of the fixed trial's bits.
   */
  public static Rung choose(Rung fixedRung, Trial fixed, List<Trial> crfTrials, int minRungKbps) {
    double target = targetDb(fixed);
    Optional<Trial> best = crfTrials.stream()
        .filter(t -> t.psnrDb() >= target && t.kbps() <= (1 - MIN_SAVING) * fixed.kbps())
        .min(Comparator.comparingDouble(Trial::kbps));
    if (best.isEmpty()) {
      return fixedRung;
    }
    int expected = (int) Math.ceil(best.get().kbps() * EXPECTED_HEADROOM / 50.0) * 50;
    expected = Math.min(fixedRung.bitrateKbps(), Math.max(minRungKbps, expected));
    return fixedRung.withCrf(best.get().crfValue(), expected);
  }

  /**
   * The two latest trials spent within 5 % of each other at different CRFs: the cap, not the CRF, sets the bitrate
   * (noise, confetti), and another CRF will not change what the rung costs. Only while every trial met the target:
   * once a miss brackets it, the CRFs between may well be under the cap (CRF 3 and 4 at the cap, 5 under it).
   */
  private static boolean capBinds(List<Trial> trials) {
    if (trials.size() < 2) {
      return false;
    }
    Trial a = trials.get(trials.size() - 2);
    Trial b = trials.get(trials.size() - 1);
    return Math.abs(a.kbps() - b.kbps()) < 0.05 * Math.max(a.kbps(), b.kbps());
  }

  /** dB per CRF step from the two latest trials when they tell one, else the assumed slope. */
  private static double slope(List<Trial> trials) {
    if (trials.size() >= 2) {
      Trial a = trials.get(trials.size() - 2);
      Trial b = trials.get(trials.size() - 1);
      double s = (a.psnrDb() - b.psnrDb()) / (b.crfValue() - a.crfValue());
      if (Double.isFinite(s) && s > 0.1) {
        return Math.min(3, s);
      }
    }
    return ASSUMED_DB_PER_CRF;
  }
}
