package io.ottplatform.media.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.media.ladder.EqualQualityRule.Trial;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The search and the choice, against values worked out by hand (target = the fixed trial's PSNR - 0.25 dB). */
class EqualQualityRuleTest {

  private static final Trial FIXED_50DB = Trial.fixed(1000, 50.0); // target 49.75 dB

  @Test
  void theSearchStartsAtCrf18() {
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, List.of())).hasValue(18);
  }

  @Test
  void aMissedTargetStepsDownByTheAssumedSlope() {
    // (49.75 - 45.0) / 0.8 = 5.94 steps, 1.5 times that = 8.9, rounded up: 18 - 9
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, List.of(Trial.crf(18, 200, 45.0)))).hasValue(9);
  }

  @Test
  void aBracketedTargetIsBisectedAndTheSearchStopsAfterEightEncodes() {
    // 12 met (50.5 dB), 18 missed (45.0): (12 + 18) / 2
    List<Trial> two = List.of(Trial.crf(18, 200, 45.0), Trial.crf(12, 700, 50.5));
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, two)).hasValue(15);
    // 15 met too: (15 + 18) / 2 = 16.5; 15 missed: (12 + 15) / 2 = 13.5
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, List.of(two.get(0), two.get(1), Trial.crf(15, 400, 49.8))))
        .hasValue(16.5);
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, List.of(two.get(0), two.get(1), Trial.crf(15, 400, 49.0))))
        .hasValue(13.5);
    List<Trial> eight = List.of(Trial.crf(30, 50, 40.0), Trial.crf(25, 80, 42.0), Trial.crf(20, 150, 44.0),
        Trial.crf(10, 900, 52.0), Trial.crf(15, 400, 49.0), Trial.crf(12, 600, 50.5), Trial.crf(13.5, 500, 49.5),
        Trial.crf(12.75, 550, 50.0));
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, eight)).isEmpty();
  }

  @Test
  void aBracketBetweenWholeCrfsIsBisectedInQuarterSteps() {
    // 12 met (50.0), 13 missed (49.0): 12.5; then 12.5 missed: 12.25; 12.5 met: 12.75 (quarter steps, floored)
    List<Trial> two = List.of(Trial.crf(12, 700, 50.0), Trial.crf(13, 600, 49.0));
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, two)).hasValue(12.5);
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, List.of(two.get(0), two.get(1), Trial.crf(12.5, 650, 49.6))))
        .hasValue(12.25);
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, List.of(two.get(0), two.get(1), Trial.crf(12.5, 650, 49.8))))
        .hasValue(12.75);
  }

  @Test
  void twoCrfsThatCostTheSameEndTheSearchBecauseTheCapSetsTheBitrate() {
    // noise: CRF 18 and 19 both spend the cap (1778 vs 1770 kbps, 0.5 % apart)
    Trial fixed = Trial.fixed(1311, 16.05);
    assertThat(EqualQualityRule.nextCrf(fixed, List.of(Trial.crf(18, 1778, 16.13), Trial.crf(19, 1770, 16.13))))
        .isEmpty();
  }

  @Test
  void twoCrfsAtTheCapDoNotEndABracketedSearch() {
    // the bench's 1080p gradient: 6 missed, 3 and 4 met at the cap (5525, 5263 kbps): 5 lies between, under the cap
    Trial fixed = Trial.fixed(4920, 65.42); // target 65.17
    List<Trial> trials = List.of(Trial.crf(18, 405, 59.24), Trial.crf(6, 3359, 64.47), Trial.crf(3, 5525, 66.13),
        Trial.crf(4, 5263, 66.20));
    assertThat(EqualQualityRule.nextCrf(fixed, trials)).hasValue(5);
  }

  @Test
  void crfsAQuarterStepApartThatBracketTheTargetEndTheSearch() {
    assertThat(EqualQualityRule.nextCrf(FIXED_50DB, List.of(Trial.crf(12, 700, 50.0), Trial.crf(12.25, 680, 49.7))))
        .isEmpty();
  }

  @Test
  void aMetTargetStepsUpByTheMeasuredSlope() {
    Trial fixed40 = Trial.fixed(3000, 40.0); // target 39.75
    // one trial: assumed 0.8 dB per step, (44.0 - 39.75) / 0.8 = 5.3 -> 5
    assertThat(EqualQualityRule.nextCrf(fixed40, List.of(Trial.crf(18, 900, 44.0)))).hasValue(23);
    // two trials: (44.0 - 40.5) / 5 = 0.7 dB per step, (40.5 - 39.75) / 0.7 = 1.07 -> 1
    assertThat(EqualQualityRule.nextCrf(fixed40, List.of(Trial.crf(18, 900, 44.0), Trial.crf(23, 500, 40.5))))
        .hasValue(24);
  }

  @Test
  void theSearchNeverGoesBelowCrf1() {
    Trial fixed70 = Trial.fixed(700, 70.0);
    // 18 - ceil(1.5 * 19.75 / 0.8 = 37.0) = -20, clamped to 1
    assertThat(EqualQualityRule.nextCrf(fixed70, List.of(Trial.crf(18, 100, 50.0)))).hasValue(1);
    assertThat(EqualQualityRule.nextCrf(fixed70, List.of(Trial.crf(18, 100, 50.0), Trial.crf(1, 400, 60.0))))
        .isEmpty();
  }

  @Test
  void theCheapestTrialWithinTheMarginBecomesACappedCrfRung() {
    Rung fixed720 = new Rung("720p", 1280, 720, 3000);
    Trial fixed = Trial.fixed(2600, 50.0);
    List<Trial> trials = List.of(Trial.crf(18, 400, 45.0), Trial.crf(12, 1100, 50.5), Trial.crf(13, 900, 49.9));
    Rung chosen = EqualQualityRule.choose(fixed720, fixed, trials, 150);
    // 900 kbps * 1.2 = 1080, up to the next 50: 1100; the cap stays the fixed rung's
    assertThat(chosen).isEqualTo(new Rung("720p", 1280, 720, 1100, 3000, OptionalDouble.of(13)));
    assertThat(chosen.maxrateKbps()).isEqualTo(3300);
    assertThat(chosen.bufsizeKbps()).isEqualTo(6000);
  }

  @Test
  void aSavingUnderTenPercentOrAQualityLossKeepsTheFixedRung() {
    Rung fixed720 = new Rung("720p", 1280, 720, 3000);
    Trial fixed = Trial.fixed(2600, 50.0);
    // 2400 > 0.9 * 2600 = 2340: too little saved; 1000 kbps misses the target (49.7 < 49.75)
    assertThat(EqualQualityRule.choose(fixed720, fixed, List.of(Trial.crf(10, 2400, 50.2), Trial.crf(14, 1000, 49.7)), 150))
        .isSameAs(fixed720);
  }

  @Test
  void theExpectedBitrateStaysBetweenTheFloorAndTheFixedRung() {
    Rung fixed720 = new Rung("720p", 1280, 720, 3000);
    // 2600 * 1.2 = 3120 -> 3150, above the fixed rung: 3000
    assertThat(EqualQualityRule.choose(fixed720, Trial.fixed(3000, 40.0), List.of(Trial.crf(20, 2600, 40.0)), 150))
        .isEqualTo(new Rung("720p", 1280, 720, 3000, 3000, OptionalDouble.of(20)));
    // 50 * 1.2 = 60 -> 100, under the profile's floor: 150
    assertThat(EqualQualityRule.choose(fixed720, Trial.fixed(80, 70.0), List.of(Trial.crf(20, 50, 70.0)), 150))
        .isEqualTo(new Rung("720p", 1280, 720, 150, 3000, OptionalDouble.of(20)));
  }
}
