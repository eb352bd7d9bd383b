package io.ottplatform.recommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceTest {

  @Test
  void isLogMinutesPlusTwiceTheCompletion() {
    assertThat(Confidence.strength(89, 0.5, false)).isCloseTo(Math.log(90) + 1.0, within(1e-12));
    assertThat(Confidence.strength(89, 0.5, true)).as("finished counts as completion 1")
        .isCloseTo(Math.log(90) + 2.0, within(1e-12));
  }

  @Test
  void aViewThatNeverStartedIsNoEvidence() {
    assertThat(Confidence.strength(0, 0, false)).isZero();
  }

  @Test
  void finishingAShortEpisodeOutweighsAbandoningALongFilmAfterTheSameMinutes() {
    assertThat(Confidence.strength(20, 1.0, true)).isGreaterThan(Confidence.strength(20, 0.11, false));
  }
}
