package io.ottplatform.qoe.queries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.qoe.QuantileSketch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveQoeQueryTest {

  @Test
  void ratesAreRatiosOfSumsNotAveragesOfMinuteRatios() {
    // minute 1: 1 s stalled of 100 s (1 %); minute 2: 30 s stalled of 60 s (50 %): the average of the two minutes'
    // ratios (25.5 %) says nothing about the viewers; the ratio of the sums does
    LiveQoe two = new LiveQoe("cdn-a", 2, 10, 9, 5, 10, 1, 0, 2, 1_000 + 30_000, 99_000 + 30_000, new QuantileSketch());
    assertThat(two.rebufferingRatio()).isCloseTo(31_000.0 / 160_000, within(1e-12));
    assertThat(two.videoStartFailureRate()).isEqualTo(0.1);
    assertThat(two.exitBeforeVideoStartRate()).isEqualTo(0.2);
    assertThat(two.startupTimeMs(0.5)).as("no plays, no percentile").isNull();
  }

  @Test
  void emptyRangesGiveZeroRatesAsTheWindowDefinitionSays() {
    LiveQoe none = new LiveQoe("all", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new QuantileSketch());
    assertThat(none.rebufferingRatio()).isZero();
    assertThat(none.videoPlaybackFailureRate()).isZero();
  }

  @Test
  void percentilesComeFromTheMergedSketch() {
    QuantileSketch a = new QuantileSketch();
    QuantileSketch b = new QuantileSketch();
    for (int i = 1; i <= 9; i++) {
      a.update(100); // nine fast starts in one minute
    }
    b.update(5_000); // one slow start in the next
    LiveQoe merged = new LiveQoe("all", 2, 10, 10, 10, 10, 0, 0, 0, 0, 0, a.copy().merge(b));
    assertThat(merged.startupTimeMs(0.5)).as("the median of ten starts, not the mean of two medians").isEqualTo(100.0);
    assertThat(merged.startupTimeMs(1.0)).isEqualTo(5_000.0);
  }

  @Test
  void theQuerySumsEveryNumeratorAndCollectsTheSketches() {
    assertThat(LiveQoeQuery.SQL).contains("sum(video_start_failures)", "sum(video_playback_failures)",
        "sum(exits_before_video_start)", "sum(rebuffer_duration_ms)", "sum(playing_time_ms)", "sum(views_ended)",
        "array_agg(startup_time_sketch)").doesNotContain("avg(");
  }

  @Test
  void badArgumentsAreRefusedNamingTheValue() {
    Instant t = Instant.parse("2026-11-25T20:00:00Z");
    assertThatThrownBy(() -> LiveQoeQuery.byDimension(null, QoeDimension.UNKNOWN, t, t.plusSeconds(60)))
        .hasMessageContaining("UNKNOWN");
    assertThatThrownBy(() -> LiveQoeQuery.byDimension(null, QoeDimension.CDN, t, t))
        .hasMessageContaining("from=2026-11-25T20:00:00Z");
  }

  @Test
  void docsQuoteTheQueryVerbatim() throws Exception {
    Path docs = Path.of("../../docs/stream-jobs.md");
    assertThat(Files.readString(docs)).as("docs/stream-jobs.md quotes live-qoe.sql").contains(LiveQoeQuery.SQL.strip());
  }
}
