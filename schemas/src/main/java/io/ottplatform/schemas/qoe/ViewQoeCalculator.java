package io.ottplatform.schemas.qoe;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The QoE of one view, computed incrementally from its events exactly as docs/qoe.md defines it.
 * This is the one implementation: the Flink job keeps an instance per session as keyed state and
 * the Spark job folds each session's events through one; both then agree by construction.
 *
 * <p>Events are applied in {@code sequence} order whatever order they arrive in: an event whose
 * predecessor has not arrived waits in a small reorder buffer. An event whose sequence was already
 * seen is a duplicate (SDK retries resend the same {@code event_id} and sequence) and is ignored. A
 * gap is given up on (the event is treated as lost, see {@code missing_sequences}) when the view is
 * summarized or when more than {@link #MAX_PENDING} later events wait behind it; an event that then
 * fills the gap is too late and is ignored, like a duplicate.
 *
 * <p>Not thread-safe; {@link Serializable} (and Kryo-friendly: a no-arg constructor and plain
 * fields) so a stream processor can keep it as state.
 */
public final class ViewQoeCalculator implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Stalls shorter than this are ignored entirely. */
  public static final long MIN_STALL_MS = 250;
  /** A view without an event for this long (event time) has ended. */
  public static final Duration VIEW_TIMEOUT = Duration.ofSeconds(60);
  /** Events that may wait behind a missing sequence before the gap is given up on. */
  public static final int MAX_PENDING = 64;

  // ordering
  private long nextSequence;
  private TreeMap<Long, QoeEvent> pending = new TreeMap<>();
  private int applied;
  private long maxAppliedSequence = -1;
  private int ignored;
  private long maxClientTs = Long.MIN_VALUE;

  // the state machine
  private ViewIdentity identity;
  private PlayerState state = PlayerState.STARTING;
  private long viewStartTs;
  private boolean sawViewStart;
  private long lastTs;
  private Long firstPlayTs;
  private Long firstFrameTs;
  private Long startupTimeMs;
  private boolean fatalError;
  private boolean fatalBeforeFirstFrame;
  private String errorCode;
  private long playingMs;
  private long pausedMs;
  private long currentStallMs;
  private int rebufferCount;
  private long rebufferMs;
  private Integer currentBitrate;
  private double bitrateWeightedSum;
  private long bitrateKnownMs;
  private int upswitches;
  private int downswitches;
  private long droppedFrames;
  private Long maxPlayheadMs;
  private Long endTs;
  private ViewEndReason endReason;

  public ViewQoeCalculator() {}

  /** The summary of a complete set of a view's events, in any order (the batch path). */
  public static ViewSummary summarizeView(Collection<PlaybackEvent> events, ViewEndReason ifNotEnded) {
    List<PlaybackEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(PlaybackEvent::getSequence));
    ViewQoeCalculator calculator = new ViewQoeCalculator();
    sorted.forEach(calculator::apply);
    return calculator.summarize(ifNotEnded);
  }

  /**
   * Feeds one event of this view.
   *
   * @return false if the event was ignored (a duplicate sequence or a too-late gap filler)
   * @throws IllegalArgumentException if the event belongs to another session
   */
  public boolean apply(PlaybackEvent event) {
    Objects.requireNonNull(event, "event");
    if (identity != null && !identity.sessionId.equals(event.getSessionId())) {
      throw new IllegalArgumentException(String.format(
          "event %s of session %s fed to the view of session %s",
          event.getEventId(), event.getSessionId(), identity.sessionId));
    }
    long sequence = event.getSequence();
    if (sequence < nextSequence || pending.containsKey(sequence)) {
      ignored++;
      return false;
    }
    QoeEvent qoeEvent = QoeEvent.of(event);
    if (identity == null) {
      identity = qoeEvent.identity; // replaced by the first applied event's identity in step()
    }
    maxClientTs = Math.max(maxClientTs, qoeEvent.clientTs);
    pending.put(sequence, qoeEvent);
    drain(false);
    return true;
  }

  private void drain(boolean giveUpGaps) {
    while (!pending.isEmpty()) {
      Map.Entry<Long, QoeEvent> first = pending.firstEntry();
      if (first.getKey() != nextSequence && !giveUpGaps && pending.size() <= MAX_PENDING) {
        return;
      }
      pending.pollFirstEntry();
      nextSequence = first.getKey() + 1;
      step(first.getValue());
    }
  }

  /** One event, in sequence order: time since the previous event goes to the state it was in, then the transition. */
  private void step(QoeEvent e) {
    if (endTs != null) {
      return; // the view ended at its first VIEW_END/ENDED; later events are not part of it
    }
    if (applied == 0) {
      identity = e.identity;
      viewStartTs = e.clientTs;
      lastTs = e.clientTs;
    } else {
      identity.fillFrom(e.identity);
    }
    applied++;
    maxAppliedSequence = Math.max(maxAppliedSequence, e.sequence);
    e.identity = null; // no longer needed; keeps the state small

    // a player clock that steps back adds no time
    long elapsed = Math.max(0, e.clientTs - lastTs);
    lastTs = Math.max(lastTs, e.clientTs);
    accrue(elapsed);

    transition(e);

    if (e.bitrateKbps != null) {
      if (e.type == EventType.BITRATE_CHANGE && currentBitrate != null) {
        if (e.bitrateKbps > currentBitrate) {
          upswitches++;
        } else if (e.bitrateKbps < currentBitrate) {
          downswitches++;
        }
      }
      currentBitrate = e.bitrateKbps;
    }
    if (e.droppedFrames != null) {
      droppedFrames += e.droppedFrames;
    }
    if (e.playheadMs != null) {
      maxPlayheadMs = maxPlayheadMs == null ? e.playheadMs : Math.max(maxPlayheadMs, e.playheadMs);
    }
  }

  private void accrue(long elapsed) {
    switch (state) {
      case PLAYING -> {
        playingMs += elapsed;
        if (currentBitrate != null) {
          bitrateWeightedSum += (double) elapsed * currentBitrate;
          bitrateKnownMs += elapsed;
        }
      }
      case PAUSED -> pausedMs += elapsed;
      case STALLED -> currentStallMs += elapsed;
      default -> { }
    }
  }

  private void transition(QoeEvent e) {
    if (e.type == EventType.VIEW_END || e.type == EventType.ENDED) {
      endTs = lastTs;
      endReason = e.type == EventType.VIEW_END ? ViewEndReason.VIEW_END : ViewEndReason.ENDED;
      moveTo(PlayerState.ENDED);
      return;
    }
    if (state == PlayerState.FAILED) {
      return;
    }
    boolean beforeFirstFrame = firstFrameTs == null;
    switch (e.type) {
      case VIEW_START -> {
        if (!sawViewStart) {
          sawViewStart = true;
          viewStartTs = e.clientTs;
        }
        if (beforeFirstFrame) {
          moveTo(PlayerState.STARTING);
        }
      }
      case PLAYER_READY -> {
        if (beforeFirstFrame) {
          moveTo(PlayerState.STARTING);
        }
      }
      case PLAY -> {
        if (beforeFirstFrame) {
          if (firstPlayTs == null) {
            firstPlayTs = e.clientTs;
          }
        } else {
          moveTo(PlayerState.WAITING);
        }
      }
      case PLAYING -> {
        if (beforeFirstFrame) {
          firstFrameTs = e.clientTs;
          startupTimeMs = Math.max(0, e.clientTs - (firstPlayTs != null ? firstPlayTs : viewStartTs));
        }
        moveTo(PlayerState.PLAYING);
      }
      case PAUSE -> moveTo(PlayerState.PAUSED);
      case SEEK_START, SEEK_END -> moveTo(PlayerState.SEEKING);
      case REBUFFER_START -> {
        // a stall during startup or a seek never enters STALLED, so it never counts
        if (state == PlayerState.PLAYING || state == PlayerState.WAITING) {
          moveTo(PlayerState.STALLED);
        }
      }
      case REBUFFER_END -> {
        if (state == PlayerState.STALLED) {
          moveTo(PlayerState.PLAYING);
        }
      }
      case ERROR -> {
        if (e.fatalError) {
          fatalError = true;
          fatalBeforeFirstFrame = beforeFirstFrame;
          errorCode = e.errorCode;
          moveTo(PlayerState.FAILED);
        }
      }
      default -> { } // BITRATE_CHANGE, HEARTBEAT, UNKNOWN
    }
  }

  private void moveTo(PlayerState next) {
    if (state == PlayerState.STALLED && next != PlayerState.STALLED) {
      closeStall();
    }
    if (next == PlayerState.STALLED && state != PlayerState.STALLED) {
      currentStallMs = 0;
    }
    state = next;
  }

  private void closeStall() {
    if (currentStallMs >= MIN_STALL_MS) {
      rebufferCount++;
      rebufferMs += currentStallMs;
    }
    currentStallMs = 0;
  }

  /**
   * The view's summary. Waiting events are applied first (gaps given up on). If no {@code VIEW_END}
   * or {@code ENDED} was applied, the view ends at its last event with {@code ifNotEnded} as the
   * reason (normally {@link ViewEndReason#TIMEOUT}). Calling it again returns the same summary.
   *
   * @throws IllegalStateException if no event was applied
   */
  public ViewSummary summarize(ViewEndReason ifNotEnded) {
    drain(true);
    if (applied == 0) {
      throw new IllegalStateException("cannot summarize a view without events");
    }
    if (endTs == null) {
      endTs = lastTs;
      endReason = Objects.requireNonNull(ifNotEnded, "ifNotEnded");
      moveTo(PlayerState.ENDED); // a stall still open runs to the view end
    }
    long watchMs = Math.max(0, endTs - viewStartTs - pausedMs);
    double ratio = rebufferMs + playingMs == 0 ? 0.0 : (double) rebufferMs / (rebufferMs + playingMs);
    double perMinute = watchMs == 0 ? 0.0 : rebufferCount / (watchMs / 60_000.0);
    return ViewSummary.newBuilder()
        .setSessionId(identity.sessionId)
        .setAccountId(identity.accountId)
        .setProfileId(identity.profileId)
        .setTitleId(identity.titleId)
        .setCdn(identity.cdn)
        .setCountry(identity.country)
        .setDeviceType(identity.deviceType)
        .setPlayerName(identity.playerName)
        .setStreamType(identity.streamType)
        .setViewStartTs(Instant.ofEpochMilli(viewStartTs))
        .setViewEndTs(Instant.ofEpochMilli(endTs))
        .setEndReason(endReason)
        .setStartupTimeMs(startupTimeMs)
        .setExitBeforeVideoStart(firstFrameTs == null && !fatalError)
        .setVideoStartFailure(fatalError && fatalBeforeFirstFrame)
        .setVideoPlaybackFailure(fatalError && !fatalBeforeFirstFrame)
        .setErrorCode(errorCode)
        .setRebufferCount(rebufferCount)
        .setRebufferDurationMs(rebufferMs)
        .setRebufferingRatio(ratio)
        .setRebufferFrequencyPerMin(perMinute)
        .setPlayingTimeMs(playingMs)
        .setWatchTimeMs(watchMs)
        .setAvgBitrateKbps(bitrateKnownMs == 0 ? null : bitrateWeightedSum / bitrateKnownMs)
        .setBitrateUpswitches(upswitches)
        .setBitrateDownswitches(downswitches)
        .setDroppedFrames(droppedFrames)
        .setMaxPlayheadMs(maxPlayheadMs)
        .setContentDurationMs(identity.contentDurationMs)
        .setEventCount(applied)
        .setMissingSequences((int) Math.max(0, maxAppliedSequence + 1 - applied))
        .build();
  }

  /** True once a {@code VIEW_END} or {@code ENDED} has been applied (or the view was summarized). */
  public boolean isEnded() {
    return endTs != null;
  }

  /** The view's end time, once {@link #isEnded()}. */
  public Long viewEndTs() {
    return endTs;
  }

  /** The first frame's {@code client_ts}, null before it. */
  public Long firstFrameTs() {
    return firstFrameTs;
  }

  /** Video startup time, null before the first frame. */
  public Long startupTimeMs() {
    return startupTimeMs;
  }

  /** The latest {@code client_ts} of any accepted event (applied or waiting); for inactivity timeouts. */
  public long maxClientTs() {
    return maxClientTs;
  }

  /** The state after the events applied so far. */
  public PlayerState state() {
    return state;
  }

  /** Events applied so far (in sequence order, up to the view's end). */
  public int appliedEvents() {
    return applied;
  }

  /** Events ignored so far: duplicate sequences and too-late gap fillers. */
  public int ignoredEvents() {
    return ignored;
  }

  /** Events waiting for a missing predecessor. */
  public int pendingEvents() {
    return pending.size();
  }
}
