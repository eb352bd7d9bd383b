package io.ottplatform.schemas.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.avro.ViewSummary;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowQoeTest {

  @Test
  void sketchIsExactForSmallCountsAndMergesWithoutAveragingPercentiles() {
    QuantileSketch a = new QuantileSketch();
    QuantileSketch b = new QuantileSketch();
    IntStream.rangeClosed(1, 50).forEach(i -> a.update(i * 10));
    IntStream.rangeClosed(51, 100).forEach(i -> b.update(i * 10));
    QuantileSketch merged = QuantileSketch.fromBytes(a.toBytes()).merge(b);

    assertThat(merged.count()).isEqualTo(100);
    assertThat(merged.quantile(0.5)).isEqualTo(500.0);
    assertThat(merged.quantile(0.9)).isEqualTo(900.0);
    assertThat(merged.quantile(0.99)).isEqualTo(990.0);
    assertThat(new QuantileSketch().quantile(0.5)).isNull();
  }

  @Test
  void sketchStaysWithinItsRankErrorForManyValues() {
    QuantileSketch s = new QuantileSketch();
    IntStream.range(0, 100_000).forEach(s::update);
    assertThat(s.quantile(0.95)).isCloseTo(95_000.0, within(2_000.0));
  }

  @Test
  void aggregateRatesAreOverViewsEndedInTheWindow() {
    Map<String, ViewSummary> views = QoeFixtures.expectedViews();
    WindowQoe w = new WindowQoe();
    views.values().forEach(v -> {
      w.addViewEnd(v);
      if (v.getStartupTimeMs() != null) {
        w.addPlay(v.getStartupTimeMs());
      }
    });
    w.addViewStart().addActiveSession().addActiveSession();

    long start = Instant.parse("2026-11-25T20:00:00Z").toEpochMilli();
    QoeAggregate agg = w.toAggregate(start, start + 60_000, QoeDimensionValue.GLOBAL, true, Instant.EPOCH);

    assertThat(agg.getViewsEnded()).isEqualTo(11);
    assertThat(agg.getPlays()).isEqualTo(9);
    assertThat(agg.getConcurrentPlays()).isEqualTo(2);
    assertThat(agg.getVideoStartFailureRate()).isCloseTo(1.0 / 11, within(1e-12));
    assertThat(agg.getVideoPlaybackFailureRate()).isCloseTo(1.0 / 11, within(1e-12));
    assertThat(agg.getExitBeforeVideoStartRate()).isCloseTo(1.0 / 11, within(1e-12));
    long stall = 2000 + 5000 + 5600 + 1000;
    long playing = views.values().stream().mapToLong(ViewSummary::getPlayingTimeMs).sum();
    assertThat(agg.getRebufferingRatio()).isCloseTo((double) stall / (stall + playing), within(1e-12));
    assertThat(agg.getVideoStartFailures()).as("numerators travel with the rates").isEqualTo(1L);
    assertThat(agg.getVideoPlaybackFailures()).isEqualTo(1L);
    assertThat(agg.getExitsBeforeVideoStart()).isEqualTo(1L);
    assertThat(agg.getRebufferDurationMs()).isEqualTo(stall);
    assertThat(agg.getPlayingTimeMs()).isEqualTo(playing);
    // startup times 500 800 1000 1000 1000 1500 1500 2000 3000: median is the 5th
    assertThat(agg.getStartupTimeP50Ms()).isEqualTo(1000.0);
    assertThat(agg.getStartupTimeP99Ms()).isEqualTo(3000.0);
    assertThat(QuantileSketch.fromBytes(agg.getStartupTimeSketch().array()).count()).isEqualTo(9);
    assertThat(agg.getDimension()).isEqualTo(QoeDimension.GLOBAL);
  }

  @Test
  void everyViewFeedsTheGlobalRowAndOneRowPerDimension() {
    ViewSummary v = QoeFixtures.expectedViews().get("fx-02");
    assertThat(QoeDimensionValue.of(v)).containsExactly(
        QoeDimensionValue.GLOBAL,
        new QoeDimensionValue(QoeDimension.TITLE, "title-a"),
        new QoeDimensionValue(QoeDimension.CDN, "cdn-b"),
        new QoeDimensionValue(QoeDimension.COUNTRY, "US"),
        new QoeDimensionValue(QoeDimension.DEVICE_TYPE, "tv"),
        new QoeDimensionValue(QoeDimension.PLAYER, "shaka-player"));
    assertThat(QoeDimensionValue.of(null, null, " ", "tv", "x").get(2).value()).isEqualTo(QoeDimensionValue.UNKNOWN);
    assertThat(QoeDimensionValue.GLOBAL.key(60_000)).isEqualTo("GLOBAL|all|60000");
  }

  @Test
  void windowsAreEpochAlignedMinutes() {
    assertThat(WindowQoe.windowStart(119_999)).isEqualTo(60_000);
    assertThat(WindowQoe.windowStart(120_000)).isEqualTo(120_000);
    assertThat(WindowQoe.windowStart(-1)).isEqualTo(-60_000);
  }

  @Test
  void mergedWindowsEqualOneWindowFedEverything() {
    WindowQoe a = new WindowQoe().addViewStart().addPlay(100).addActiveSession();
    WindowQoe b = new WindowQoe().addViewStart().addPlay(300);
    WindowQoe all = new WindowQoe().addViewStart().addViewStart().addPlay(100).addPlay(300).addActiveSession();
    QoeAggregate merged = a.merge(b).toAggregate(0, 60_000, QoeDimensionValue.GLOBAL, false, Instant.EPOCH);
    QoeAggregate direct = all.toAggregate(0, 60_000, QoeDimensionValue.GLOBAL, false, Instant.EPOCH);
    assertThat(merged).isEqualTo(direct);
  }
}
