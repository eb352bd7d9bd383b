package io.ottplatform.schemas.qoe;

import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.ViewSummary;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * The QoE of one window for one {@link QoeDimensionValue}, as docs/qoe.md defines it per window:
 * a mergeable accumulator (counts, stall and playing sums, a startup-time sketch) that turns into a
 * {@link QoeAggregate}. Rates are over the views that ended in the window.
 *
 * <p>{@link #addActiveSession()} counts concurrent plays: the caller feeds each session at most
 * once per window (the Flink job remembers which windows a session was already counted in).
 */
public final class WindowQoe implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The aggregate window length. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private long viewsStarted;
  private long plays;
  private long concurrentPlays;
  private long viewsEnded;
  private long startFailures;
  private long playbackFailures;
  private long exitsBeforeStart;
  private long stallMs;
  private long playingMs;
  private QuantileSketch startupTimes = new QuantileSketch();

  public WindowQoe() {}

  /** The start of the window of length {@code sizeMillis} (epoch-aligned) that contains {@code tsMillis}. */
  public static long windowStart(long tsMillis, long sizeMillis) {
    return Math.floorDiv(tsMillis, sizeMillis) * sizeMillis;
  }

  public static long windowStart(long tsMillis) {
    return windowStart(tsMillis, WINDOW.toMillis());
  }

  /** A {@code VIEW_START} event in the window. */
  public WindowQoe addViewStart() {
    viewsStarted++;
    return this;
  }

  /** A first frame in the window, with the view's startup time. */
  public WindowQoe addPlay(long startupTimeMs) {
    plays++;
    startupTimes.update(startupTimeMs);
    return this;
  }

  /** A session with at least one event in the window (feed each session once per window). */
  public WindowQoe addActiveSession() {
    concurrentPlays++;
    return this;
  }

  /** A view whose end falls in the window. */
  public WindowQoe addViewEnd(ViewSummary view) {
    return addViewEnd(view.getVideoStartFailure(), view.getVideoPlaybackFailure(), view.getExitBeforeVideoStart(),
        view.getRebufferDurationMs(), view.getPlayingTimeMs());
  }

  /** A view whose end falls in the window, by the parts of its summary that the window needs. */
  public WindowQoe addViewEnd(boolean startFailure, boolean playbackFailure, boolean exitBeforeStart,
      long rebufferDurationMs, long playingTimeMs) {
    viewsEnded++;
    if (startFailure) startFailures++;
    if (playbackFailure) playbackFailures++;
    if (exitBeforeStart) exitsBeforeStart++;
    stallMs += rebufferDurationMs;
    playingMs += playingTimeMs;
    return this;
  }

  public WindowQoe merge(WindowQoe other) {
    viewsStarted += other.viewsStarted;
    plays += other.plays;
    concurrentPlays += other.concurrentPlays;
    viewsEnded += other.viewsEnded;
    startFailures += other.startFailures;
    playbackFailures += other.playbackFailures;
    exitsBeforeStart += other.exitsBeforeStart;
    stallMs += other.stallMs;
    playingMs += other.playingMs;
    startupTimes.merge(other.startupTimes);
    return this;
  }

  public boolean isEmpty() {
    return viewsStarted == 0 && plays == 0 && concurrentPlays == 0 && viewsEnded == 0;
  }

  public long viewsStarted() { return viewsStarted; }
  public long plays() { return plays; }
  public long concurrentPlays() { return concurrentPlays; }
  public long viewsEnded() { return viewsEnded; }
  public QuantileSketch startupTimes() { return startupTimes; }
  public long videoStartFailures() { return startFailures; }
  public long videoPlaybackFailures() { return playbackFailures; }
  public long exitsBeforeVideoStart() { return exitsBeforeStart; }
  public long rebufferDurationMs() { return stallMs; }
  public long playingTimeMs() { return playingMs; }

  public double videoStartFailureRate() { return share(startFailures, viewsEnded); }
  public double videoPlaybackFailureRate() { return share(playbackFailures, viewsEnded); }
  public double exitBeforeVideoStartRate() { return share(exitsBeforeStart, viewsEnded); }

  /** Sum of stall time / sum of (stall + playing time) over the views ended in the window; 0 when both are 0. */
  public double rebufferingRatio() {
    return stallMs + playingMs == 0 ? 0.0 : (double) stallMs / (stallMs + playingMs);
  }

  public QoeAggregate toAggregate(long windowStartMillis, long windowEndMillis, QoeDimensionValue row,
      boolean isFinal, Instant updatedAt) {
    return QoeAggregate.newBuilder()
        .setWindowStart(Instant.ofEpochMilli(windowStartMillis))
        .setWindowEnd(Instant.ofEpochMilli(windowEndMillis))
        .setDimension(row.dimension())
        .setDimensionValue(row.value())
        .setViewsStarted(viewsStarted)
        .setPlays(plays)
        .setConcurrentPlays(concurrentPlays)
        .setViewsEnded(viewsEnded)
        .setStartupTimeP50Ms(startupTimes.quantile(0.50))
        .setStartupTimeP90Ms(startupTimes.quantile(0.90))
        .setStartupTimeP95Ms(startupTimes.quantile(0.95))
        .setStartupTimeP99Ms(startupTimes.quantile(0.99))
        .setVideoStartFailureRate(videoStartFailureRate())
        .setVideoPlaybackFailureRate(videoPlaybackFailureRate())
        .setExitBeforeVideoStartRate(exitBeforeVideoStartRate())
        .setRebufferingRatio(rebufferingRatio())
        .setStartupTimeSketch(startupTimes.isEmpty() ? null : ByteBuffer.wrap(startupTimes.toBytes()))
        .setVideoStartFailures(startFailures)
        .setVideoPlaybackFailures(playbackFailures)
        .setExitsBeforeVideoStart(exitsBeforeStart)
        .setRebufferDurationMs(stallMs)
        .setPlayingTimeMs(playingMs)
        .setFinal$(isFinal)
        .setUpdatedAt(updatedAt)
        .build();
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }
}
