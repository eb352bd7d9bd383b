package io.ottplatform.stream.functions;

import io.ottplatform.schemas.qoe.WindowQoe;
import java.util.Arrays;

/**
 * The signals of one aggregate row ({@code DIMENSION|value}) in one minute, combined on the sending
 * side: counts, and the per-view values that the window needs one by one (startup times for the
 * sketch, the outcome of each ended view). {@link #applyTo} feeds them to a {@link WindowQoe} exactly
 * as the individual signals would have been. A Flink POJO (public fields, primitive arrays, no-arg
 * constructor) so it crosses the network without Kryo.
 */
public class MinutePartial {

  private static final long[] NONE = new long[0];
  private static final long START_FAILURE = 1;
  private static final long PLAYBACK_FAILURE = 2;
  private static final long EXIT_BEFORE_START = 4;

  /** {@code DIMENSION|value}: the key of the aggregate row. */
  public String row;
  public long windowStart;
  public long viewsStarted;
  public long activeSessions;
  /** The startup time of each first frame; {@code plays} of them are used. */
  public long[] startupTimesMs = NONE;
  public int plays;
  /** Per ended view three values: outcome flags, rebuffer ms, playing ms; {@code viewsEnded} of them are used. */
  public long[] endedViews = NONE;
  public int viewsEnded;

  public MinutePartial() {}

  public MinutePartial(String row, long windowStart) {
    this.row = row;
    this.windowStart = windowStart;
  }

  public String getRow() {
    return row;
  }

  /** Adds one signal of this row and minute. */
  public MinutePartial add(QoeSignal s) {
    switch (s.kind) {
      case VIEW_STARTED -> viewsStarted++;
      case ACTIVE -> activeSessions++;
      case PLAY -> {
        startupTimesMs = room(startupTimesMs, plays + 1);
        startupTimesMs[plays++] = s.startupTimeMs;
      }
      case VIEW_ENDED -> {
        endedViews = room(endedViews, 3 * (viewsEnded + 1));
        int at = 3 * viewsEnded++;
        endedViews[at] = (s.videoStartFailure ? START_FAILURE : 0) | (s.videoPlaybackFailure ? PLAYBACK_FAILURE : 0)
            | (s.exitBeforeVideoStart ? EXIT_BEFORE_START : 0);
        endedViews[at + 1] = s.rebufferDurationMs;
        endedViews[at + 2] = s.playingTimeMs;
      }
    }
    return this;
  }

  /** The number of signals combined here. */
  public long signals() {
    return viewsStarted + activeSessions + plays + viewsEnded;
  }

  /** Drops unused array capacity before the partial is sent. */
  public MinutePartial trimmed() {
    if (startupTimesMs.length > plays) {
      startupTimesMs = Arrays.copyOf(startupTimesMs, plays);
    }
    if (endedViews.length > 3 * viewsEnded) {
      endedViews = Arrays.copyOf(endedViews, 3 * viewsEnded);
    }
    return this;
  }

  public void applyTo(WindowQoe window) {
    for (long i = 0; i < viewsStarted; i++) {
      window.addViewStart();
    }
    for (long i = 0; i < activeSessions; i++) {
      window.addActiveSession();
    }
    for (int i = 0; i < plays; i++) {
      window.addPlay(startupTimesMs[i]);
    }
    for (int i = 0; i < viewsEnded; i++) {
      long flags = endedViews[3 * i];
      window.addViewEnd((flags & START_FAILURE) != 0, (flags & PLAYBACK_FAILURE) != 0,
          (flags & EXIT_BEFORE_START) != 0, endedViews[3 * i + 1], endedViews[3 * i + 2]);
    }
  }

  private static long[] room(long[] values, int needed) {
    return values.length >= needed ? values : Arrays.copyOf(values, Math.max(needed, 2 * values.length));
  }

  @Override
  public String toString() {
    return row + "@" + windowStart + "[started=" + viewsStarted + ", active=" + activeSessions + ", plays=" + plays
        + ", ended=" + viewsEnded + "]";
  }
}
