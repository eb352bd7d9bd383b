package io.ottplatform.recommender.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A hand-built profile: three lists shown, ten views. The expected attribution below was worked out by hand from
 * the rule (same title, {@code served_at <= start < served_at + 24 h}, latest impression wins), not by the code.
 */
class AttributionTest {

  static final Duration DAY = Duration.ofHours(24);
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  static Instant at(Duration after) {
    return T0.plus(after);
  }

  static final Impression A = new Impression("imp-a", T0, "control", List.of("t1", "t2"));
  static final Impression B = new Impression("imp-b", at(Duration.ofHours(2)), "control", List.of("t2", "t3"));
  static final Impression C = new Impression("imp-c", at(Duration.ofHours(30)), "control", List.of("t1"));

  static final List<Play> PLAYS = List.of(
      new Play("v1", "t1", at(Duration.ofHours(1)), 60_000),     // only A showed t1 by then -> A
      new Play("v2", "t2", at(Duration.ofHours(3)), 120_000),    // A and B showed t2: the latest, B
      new Play("v3", "t3", at(Duration.ofHours(1)), 180_000),    // B showed t3, but an hour later -> none
      new Play("v4", "t1", at(Duration.ofHours(24)), 240_000),   // A's window ends at +24 h, exclusive -> none
      new Play("v5", "t1", at(Duration.ofHours(25)), 300_000),   // after A's window, before C -> none
      new Play("v6", "t1", at(Duration.ofHours(30)), 360_000),   // served_at itself is inside C's window -> C
      new Play("v7", "t4", at(Duration.ofHours(1)), 420_000),    // a title no list showed -> none
      new Play("v8", "t2", at(Duration.ofMinutes(25 * 60 + 59)), 480_000), // 1 min before B's window ends -> B
      new Play("v9", "t2", at(Duration.ofHours(-1)), 540_000),   // before any impression -> none
      new Play("v10", "t1", at(Duration.ofHours(54)), 600_000)); // C's window ended at +54 h -> none

  static final Map<String, String> EXPECTED = Map.of("v1", "imp-a", "v2", "imp-b", "v6", "imp-c", "v8", "imp-b");

  @Test
  void aPlayIsCreditedToTheLatestImpressionOfItsTitleWithinTheWindow() {
    assertThat(Attribution.attribute(List.of(A, B, C), PLAYS, DAY)).isEqualTo(EXPECTED);
  }

  @Test
  void theAnswerDoesNotDependOnTheOrderOfTheInput() {
    Random random = new Random(15);
    for (int i = 0; i < 20; i++) {
      List<Impression> impressions = new ArrayList<>(List.of(A, B, C));
      List<Play> plays = new ArrayList<>(PLAYS);
      Collections.shuffle(impressions, random);
      Collections.shuffle(plays, random);
      assertThat(Attribution.attribute(impressions, plays, DAY)).isEqualTo(EXPECTED);
    }
  }

  @Test
  void impressionsServedAtTheSameMomentAreToldApartByTheirId() {
    Impression first = new Impression("imp-1", T0, "control", List.of("t1"));
    Impression second = new Impression("imp-2", T0, "control", List.of("t1"));
    Play play = new Play("v", "t1", at(Duration.ofMinutes(5)), 1);

    assertThat(Attribution.attribute(List.of(second, first), List.of(play), DAY)).containsExactly(Map.entry("v", "imp-2"));
    assertThat(Attribution.attribute(List.of(first, second), List.of(play), DAY)).containsExactly(Map.entry("v", "imp-2"));
  }

  @Test
  void aShorterWindowCreditsFewerPlays() {
    // two hours: v1 (+1 h, A) and v2 (+3 h, B at +2 h) and v6 (C) stay; v8 (+25 h 59 min) is far past B's window
    assertThat(Attribution.attribute(List.of(A, B, C), PLAYS, Duration.ofHours(2)))
        .isEqualTo(Map.of("v1", "imp-a", "v2", "imp-b", "v6", "imp-c"));
    // one hour: [T0, T0 + 1 h) excludes v1 at +1 h, [+2 h, +3 h) excludes v2 at +3 h; v6 starts at C's served_at
    assertThat(Attribution.attribute(List.of(A, B, C), PLAYS, Duration.ofHours(1))).isEqualTo(Map.of("v6", "imp-c"));
  }

  @Test
  void theOutcomeCountsImpressionsAttributedPlaysAndEveryPlayFromTheFirstImpressionUntilTheWindowAfterTheLast() {
    ProfileOutcome o = ProfileOutcome.of("p1", List.of(A, B, C), PLAYS, DAY);

    assertThat(o.impressions()).isEqualTo(3);
    assertThat(o.attributedPlays()).isEqualTo(4);
    // [T0, T0 + 54 h): v1..v8 (v9 starts before T0, v10 at +54 h)
    assertThat(o.plays()).isEqualTo(8);
    assertThat(o.minutes()).isEqualTo((1 + 2 + 3 + 4 + 5 + 6 + 7 + 8) * 1.0);
    assertThat(o.arms()).containsExactly("control");
  }

  @Test
  void aWindowThatIsNotPositiveIsRefusedNamingIt() {
    assertThatThrownBy(() -> Attribution.attribute(List.of(A), PLAYS, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }
}
