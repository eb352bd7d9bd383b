package io.ottplatform.recommender.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hand-built experiment with a 90/10 split and known counts (see {@link #arm}): control click-through
 * 900 / 9,000 = 0.1, candidate 200 / 1,000 = 0.2; then sample ratios in and out of the split.
 */
class ExperimentReportTest {

  static final Duration DAY = Duration.ofHours(24);
  static final ExperimentReport.Settings SETTINGS = new ExperimentReport.Settings(1000, 0.95, 42, 0.001);
  static final Map<String, Integer> SPLIT = Map.of("control", 90, "candidate", 10);
  static final Map<String, String> VERSIONS = Map.of("control", "run-a", "candidate", "run-b");

  /**
   * {@code profiles} profiles of the arm, each shown 10 lists; even-numbered ones played {@code attributed} titles
   * from the lists and one title besides, watching 30 minutes per play; odd-numbered ones played nothing.
   */
  static List<ProfileOutcome> arm(String arm, int profiles, int attributed) {
    List<ProfileOutcome> out = new ArrayList<>();
    for (int p = 0; p < profiles; p++) {
      boolean active = p % 2 == 0;
      long plays = active ? attributed + 1 : 0;
      out.add(new ProfileOutcome(arm + "-p" + p, List.of(arm), 10, active ? attributed : 0, plays, plays * 30.0));
    }
    return out;
  }

  static ExperimentReport report(int control, int candidate) {
    List<ProfileOutcome> all = new ArrayList<>(arm("control", control, 2));
    all.addAll(arm("candidate", candidate, 4));
    return ExperimentReport.of("exp-test", DAY, all, VERSIONS, SPLIT, SETTINGS);
  }

  static ArmResult armOf(ExperimentReport r, String arm) {
    return r.arms().stream().filter(a -> a.arm().equals(arm)).findFirst().orElseThrow();
  }

  @Test
  void knownCountsGiveTheKnownClickThroughWithIntervalsAroundIt() {
    ExperimentReport r = report(900, 100);

    ArmResult control = armOf(r, "control");
    assertThat(control.impressions()).isEqualTo(9000);
    assertThat(control.profiles()).isEqualTo(900);
    assertThat(control.attributedPlays()).isEqualTo(900); // 450 active profiles x 2
    assertThat(control.clickThrough().estimate()).isEqualTo(0.1);
    assertThat(control.clickThrough().low()).isLessThan(0.1).isGreaterThan(0.09);
    assertThat(control.clickThrough().high()).isGreaterThan(0.1).isLessThan(0.11);
    assertThat(control.playsPerProfile().estimate()).isEqualTo(1.5); // half of the profiles x 3 plays
    assertThat(control.minutesPerProfile().estimate()).isEqualTo(45.0);

    ArmResult candidate = armOf(r, "candidate");
    assertThat(candidate.impressions()).isEqualTo(1000);
    assertThat(candidate.attributedPlays()).isEqualTo(200);
    assertThat(candidate.clickThrough().estimate()).isEqualTo(0.2);
    assertThat(candidate.playsPerProfile().estimate()).isEqualTo(2.5);
    assertThat(candidate.minutesPerProfile().estimate()).isEqualTo(75.0);

    ArmComparison diff = r.comparisons().get(0);
    assertThat(diff.arm()).isEqualTo("candidate");
    assertThat(diff.clickThrough().estimate()).isCloseTo(0.1, within(1e-12));
    assertThat(diff.clickThrough().low()).as("a real doubling of click-through is detected").isGreaterThan(0);
    assertThat(diff.clickThrough().high()).isGreaterThan(0.1);
  }

  @Test
  void profilesInTheConfiguredSplitPassTheSampleRatioCheck() {
    ExperimentReport r = report(900, 100);

    assertThat(r.sampleRatio().chiSquare()).isZero();
    assertThat(r.sampleRatio().mismatch()).isFalse();
    assertThat(r.render()).contains("sample ratio:").contains(": ok").doesNotContain("MISMATCH");
  }

  @Test
  void aNoisySplitWithinChanceIsNotFlagged() {
    // 880 / 120 against 900 / 100: chi-square 400/900 + 400/100 = 4.44, p = 0.035 (> 0.001)
    ExperimentReport r = report(880, 120);

    assertThat(r.sampleRatio().chiSquare()).isCloseTo(4.444, within(0.001));
    assertThat(r.sampleRatio().pValue()).isCloseTo(0.035, within(0.001));
    assertThat(r.sampleRatio().mismatch()).isFalse();
  }

  @Test
  void aSampleRatioMismatchIsFlaggedLoudly() {
    // 800 / 200 against 900 / 100: chi-square 10000/900 + 10000/100 = 111.1, p ~ 5e-26
    ExperimentReport r = report(800, 200);

    assertThat(r.sampleRatio().chiSquare()).isCloseTo(111.111, within(0.001));
    assertThat(r.sampleRatio().pValue()).isLessThan(1e-20);
    assertThat(r.sampleRatio().mismatch()).isTrue();
    assertThat(r.render()).contains("WARNING: SAMPLE RATIO MISMATCH").contains("control 800 (expected 90.0%)")
        .contains("candidate 200 (expected 10.0%)").contains("do not trust");
  }

  @Test
  void profilesInAnArmWithoutAShareAreAMismatch() {
    List<ProfileOutcome> all = new ArrayList<>(arm("control", 1000, 2));
    all.add(new ProfileOutcome("stray", List.of("old-arm"), 1, 0, 0, 0));

    ExperimentReport r = ExperimentReport.of("exp-test", DAY, all, VERSIONS, Map.of("control", 100), SETTINGS);

    assertThat(r.sampleRatio().chiSquare()).isInfinite();
    assertThat(r.sampleRatio().mismatch()).isTrue();
  }

  @Test
  void aProfileSeenInTwoArmsIsLeftOutAndNamed() {
    List<ProfileOutcome> all = new ArrayList<>(arm("control", 900, 2));
    all.addAll(arm("candidate", 100, 4));
    all.add(new ProfileOutcome("both", List.of("candidate", "control"), 3, 1, 1, 10));

    ExperimentReport r = ExperimentReport.of("exp-test", DAY, all, VERSIONS, SPLIT, SETTINGS);

    assertThat(r.mixedProfiles()).containsExactly("both");
    assertThat(armOf(r, "control").profiles()).isEqualTo(900);
    assertThat(r.render()).contains("1 profile(s) saw more than one arm").contains("both");
  }

  @Test
  void anArmOfTheSplitWithoutProfilesIsReportedEmpty() {
    ExperimentReport r = ExperimentReport.of("exp-test", DAY, arm("control", 1000, 2), VERSIONS, SPLIT, SETTINGS);

    ArmResult candidate = armOf(r, "candidate");
    assertThat(candidate.profiles()).isZero();
    assertThat(candidate.clickThrough().estimate()).isNaN();
    assertThat(r.sampleRatio().mismatch()).as("0 of an expected 100 profiles").isTrue();
  }
}
