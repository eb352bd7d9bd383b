package io.ottplatform.recommender.experiment;

import io.ottplatform.recommender.eval.Bootstrap.Interval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * An experiment judged from per-profile outcomes: per arm the counts, click-through, plays and minutes per profile
 * with percentile bootstrap intervals over profiles, each arm against control, and the sample-ratio check.
 *
 * <p>Profiles are the unit of resampling because they are the unit of assignment: a profile's impressions are not
 * independent (one viewer, one taste), so resampling impressions would make the click-through interval too narrow.
 * Arms are independent samples, so a difference resamples each arm on its own.
 */
public record ExperimentReport(String experimentId, Duration window, List<ArmResult> arms, List<ArmComparison> comparisons,
    SampleRatioCheck sampleRatio, List<String> mixedProfiles) {

  public static final String CONTROL = "control";

  /** The settings of the report: resamples and seed of the bootstrap, the SRM threshold. */
  public record Settings(int resamples, double confidence, long seed, double srmAlpha) {
    public Settings {
      if (resamples < 100 || confidence <= 0 || confidence >= 1 || srmAlpha <= 0 || srmAlpha >= 1) {
        throw new IllegalArgumentException("experiment report needs resamples >= 100, 0 < confidence < 1, 0 < srm alpha < 1: "
            + resamples + ", " + confidence + ", " + srmAlpha);
      }
    }
  }

  /**
   * @param versions arm → the model version its impressions name
   * @param split the configured split in force (arm → buckets)
   */
  public static ExperimentReport of(String experimentId, Duration window, List<ProfileOutcome> outcomes,
      Map<String, String> versions, Map<String, Integer> split, Settings settings) {
    Map<String, List<ProfileOutcome>> byArm = new TreeMap<>();
    List<String> mixed = new ArrayList<>();
    for (ProfileOutcome o : outcomes) {
      if (o.arms().size() > 1) {
        mixed.add(o.profileId()); // an unstable assignment: in no arm, and named in the report
        continue;
      }
      byArm.computeIfAbsent(o.arm(), a -> new ArrayList<>()).add(o);
    }
    split.keySet().forEach(arm -> byArm.putIfAbsent(arm, List.of()));
    Map<String, Long> observed = new LinkedHashMap<>();
    byArm.forEach((arm, list) -> observed.put(arm, (long) list.size()));
    SampleRatioCheck srm = SampleRatioCheck.of(observed, split, settings.srmAlpha());

    Map<String, double[][]> replicates = new TreeMap<>();
    List<ArmResult> arms = new ArrayList<>();
    int armIndex = 0;
    for (Map.Entry<String, List<ProfileOutcome>> e : byArm.entrySet()) {
      List<ProfileOutcome> list = e.getValue();
      // a seed per arm (by its rank in name order) so the arms' resamples are independent yet reproducible
      double[][] reps = resample(list, settings.resamples(), new SplittableRandom(settings.seed() + 7919L * armIndex++));
      replicates.put(e.getKey(), reps);
      long impressions = list.stream().mapToLong(ProfileOutcome::impressions).sum();
      long attributed = list.stream().mapToLong(ProfileOutcome::attributedPlays).sum();
      arms.add(new ArmResult(e.getKey(), versions.getOrDefault(e.getKey(), "?"), impressions, list.size(), attributed,
          interval(ratio(attributed, impressions), reps[0], list.size(), settings),
          interval(mean(list, o -> o.plays()), reps[1], list.size(), settings),
          interval(mean(list, ProfileOutcome::minutes), reps[2], list.size(), settings)));
    }
    List<ArmComparison> comparisons = new ArrayList<>();
    ArmResult control = arms.stream().filter(a -> a.arm().equals(CONTROL)).findFirst().orElse(null);
    if (control != null) {
      for (ArmResult a : arms) {
        if (a == control) {
          continue;
        }
        double[][] c = replicates.get(CONTROL);
        double[][] t = replicates.get(a.arm());
        int n = (int) Math.min(a.profiles(), control.profiles());
        comparisons.add(new ArmComparison(a.arm(), CONTROL,
            difference(a.clickThrough(), control.clickThrough(), t[0], c[0], n, settings),
            difference(a.playsPerProfile(), control.playsPerProfile(), t[1], c[1], n, settings),
            difference(a.minutesPerProfile(), control.minutesPerProfile(), t[2], c[2], n, settings)));
      }
    }
    return new ExperimentReport(experimentId, window, List.copyOf(arms), List.copyOf(comparisons), srm, List.copyOf(mixed));
  }

  /** Replicates [metric][resample] of click-through, plays per profile and minutes per profile. */
  private static double[][] resample(List<ProfileOutcome> list, int resamples, SplittableRandom random) {
    double[][] out = new double[3][resamples];
    int n = list.size();
    if (n == 0) {
      for (double[] row : out) {
        Arrays.fill(row, Double.NaN);
      }
      return out;
    }
    for (int r = 0; r < resamples; r++) {
      long impressions = 0;
      long attributed = 0;
      double plays = 0;
      double minutes = 0;
      for (int i = 0; i < n; i++) {
        ProfileOutcome o = list.get(random.nextInt(n));
        impressions += o.impressions();
        attributed += o.attributedPlays();
        plays += o.plays();
        minutes += o.minutes();
      }
      out[0][r] = ratio(attributed, impressions);
      out[1][r] = plays / n;
      out[2][r] = minutes / n;
    }
    return out;
  }

  private static Interval interval(double estimate, double[] replicates, int profiles, Settings s) {
    double[] sorted = replicates.clone();
    Arrays.sort(sorted);
    double tail = (1 - s.confidence()) / 2;
    return new Interval(estimate, quantile(sorted, tail), quantile(sorted, 1 - tail), profiles);
  }

  private static Interval difference(Interval arm, Interval control, double[] armReps, double[] controlReps, int profiles,
      Settings s) {
    double[] d = new double[armReps.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = armReps[i] - controlReps[i];
    }
    return interval(arm.estimate() - control.estimate(), d, profiles, s);
  }

  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0 || Double.isNaN(sorted[0])) {
      return Double.NaN;
    }
    int i = (int) Math.floor(q * (sorted.length - 1));
    int j = Math.min(sorted.length - 1, i + 1);
    double frac = q * (sorted.length - 1) - i;
    return sorted[i] + frac * (sorted[j] - sorted[i]);
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }

  private static double mean(List<ProfileOutcome> list, ToDoubleFunction<ProfileOutcome> f) {
    return list.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  /** The report as the CLI prints it. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "experiment %s (attribution window %s, 95%% bootstrap intervals over profiles)%n",
        experimentId, window));
    out.append(String.format(Locale.ROOT, "%-12s %-36s %11s %9s %10s %-28s %-28s %-28s%n", "arm", "model_version",
        "impressions", "profiles", "attributed", "click-through", "plays/profile", "minutes/profile"));
    for (ArmResult a : arms) {
      out.append(String.format(Locale.ROOT, "%-12s %-36s %11d %9d %10d %-28s %-28s %-28s%n", a.arm(), a.modelVersion(),
          a.impressions(), a.profiles(), a.attributedPlays(), a.clickThrough(), a.playsPerProfile(), a.minutesPerProfile()));
    }
    for (ArmComparison c : comparisons) {
      out.append(String.format(Locale.ROOT, "%s - %s: click-through %s, plays/profile %s, minutes/profile %s%n",
          c.arm(), c.control(), c.clickThrough(), c.playsPerProfile(), c.minutesPerProfile()));
    }
    StringBuilder counts = new StringBuilder();
    for (String arm : sampleRatio.arms()) {
      counts.append(String.format(Locale.ROOT, "%s%s %d (expected %.1f%%)", counts.isEmpty() ? "" : ", ", arm,
          sampleRatio.observed().get(arm), 100 * sampleRatio.expected().get(arm)));
    }
    if (sampleRatio.mismatch()) {
      String bar = "!".repeat(100);
      out.append(String.format(Locale.ROOT, "%s%nWARNING: SAMPLE RATIO MISMATCH: profiles per arm %s; chi-square %.2f, "
              + "p = %.2g < %s.%nThe assignment or the impression logging is broken: do not trust any figure above; "
              + "find the cause first.%n%s%n", bar, counts, sampleRatio.chiSquare(), sampleRatio.pValue(),
          sampleRatio.alpha(), bar));
    } else {
      out.append(String.format(Locale.ROOT, "sample ratio: profiles per arm %s; chi-square %.2f, p = %.3g (mismatch below %s): ok%n",
          counts, sampleRatio.chiSquare(), sampleRatio.pValue(), sampleRatio.alpha()));
    }
    if (!mixedProfiles.isEmpty()) {
      out.append(String.format(Locale.ROOT, "%d profile(s) saw more than one arm and are left out (assignment not stable): %s%n",
          mixedProfiles.size(), mixedProfiles.subList(0, Math.min(5, mixedProfiles.size()))));
    }
    return out.toString();
  }
}
