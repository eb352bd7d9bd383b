package io.ottplatform.simulator;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * Scripts one view step by step, the way a player would live it, and keeps the QoE books as it goes:
 * each step says what happens (play 20 s, a 300 ms stall, a seek, a pause...) and adds to the expected
 * values what docs/qoe.md makes of it. Heartbeats are laid in at {@link #build()} every
 * heartbeat interval from the view start, carrying the state of that moment.
 *
 * <p>Every {@code after}/duration argument is in milliseconds of the player's clock, counted from the
 * previous step. Steps that make no sense in the current state (a stall before {@link #start}) throw.
 *
 * <pre>{@code
 * SimulatedView v = ViewScript.start(ctx, at, rng, Duration.ofSeconds(10))
 *     .ready(300).play(100).firstFrame(1200, 3000)
 *     .playFor(20_000).stall(900).switchBitrate(1800).playFor(5_000)
 *     .end(0).build();
 * }</pre>
 */
public final class ViewScript {

  /** The player state of docs/qoe.md, as this script drives it. */
  enum State { STARTING, PLAYING, WAITING, PAUSED, SEEKING, STALLED, FAILED, ENDED }

  /** Stalls shorter than this are ignored (docs/qoe.md). */
  public static final long MIN_STALL_MS = 250;

  private record Action(EventType type, long ts, long playhead, Integer bitrate, Integer bufferMs,
                        String errorCode, Boolean errorFatal) {}

  private record Segment(long from, long to, State state, long playheadFrom, Integer bitrate) {}

  private final ViewContext ctx;
  private final RandomGenerator rng;
  private final long heartbeatMs;
  private final long viewStart;
  private final List<Action> actions = new ArrayList<>();
  private final List<Segment> segments = new ArrayList<>();
  private IntSupplier heartbeatDroppedFrames = () -> 0;

  private long now;
  private long playhead;
  private State state = State.STARTING;
  private Integer bitrate;
  private boolean firstFrame;
  private Long firstPlayTs;
  private Long viewEnd;

  // the books
  private Long startupTimeMs;
  private boolean vsf;
  private boolean vpf;
  private long playingMs;
  private double bitrateMs;
  private long pausedMs;
  private int stallCount;
  private long stallMs;
  private long openStallMs = -1; // >= 0 while a counted-kind stall is open
  private int upswitches;
  private int downswitches;

  private ViewScript(ViewContext ctx, Instant at, RandomGenerator rng, Duration heartbeatInterval) {
    this.ctx = ctx;
    this.rng = rng;
    this.heartbeatMs = heartbeatInterval.toMillis();
    this.viewStart = at.toEpochMilli();
    this.now = viewStart;
  }

  /** VIEW_START at {@code at}. {@code rng} draws event ids and buffer levels. */
  public static ViewScript start(ViewContext ctx, Instant at, RandomGenerator rng, Duration heartbeatInterval) {
    ViewScript s = new ViewScript(ctx, at, rng, heartbeatInterval);
    s.emit(EventType.VIEW_START);
    return s;
  }

  /** Dropped frames each heartbeat reports while PLAYING (0 in other states); default none. */
  public ViewScript droppedFramesPerHeartbeat(IntSupplier supplier) {
    this.heartbeatDroppedFrames = supplier;
    return this;
  }

  public ViewScript ready(long after) {
    requireState("PLAYER_READY", State.STARTING);
    advance(after);
    emit(EventType.PLAYER_READY);
    return this;
  }

  /** PLAY: before the first frame the startup clock starts at the first one; after, it resumes a pause. */
  public ViewScript play(long after) {
    advance(after);
    if (!firstFrame) {
      requireState("PLAY", State.STARTING);
      if (firstPlayTs == null) {
        firstPlayTs = now;
      }
    } else {
      requireState("PLAY", State.PAUSED);
      state = State.WAITING;
    }
    emit(EventType.PLAY);
    return this;
  }

  /** A stall before the first frame: part of the startup wait, never counted as a rebuffer. */
  public ViewScript startupStall(long after, long duration) {
    requireState("startup stall", State.STARTING);
    advance(after);
    emit(EventType.REBUFFER_START);
    advance(duration);
    emit(EventType.REBUFFER_END);
    return this;
  }

  /** The first PLAYING, at {@code bitrateKbps}. */
  public ViewScript firstFrame(long after, int bitrateKbps) {
    requireState("first frame", State.STARTING);
    advance(after);
    bitrate = bitrateKbps;
    firstFrame = true;
    startupTimeMs = now - (firstPlayTs != null ? firstPlayTs : viewStart);
    state = State.PLAYING;
    emit(EventType.PLAYING);
    return this;
  }

  /** Keep doing what the player is doing (playing, paused, stalled...) for {@code ms}. */
  public ViewScript playFor(long ms) {
    advance(ms);
    return this;
  }

  /** A stall while playing: REBUFFER_START now, REBUFFER_END after {@code duration}. */
  public ViewScript stall(long duration) {
    rebufferStart();
    advance(duration);
    rebufferEnd();
    return this;
  }

  /** REBUFFER_START while playing (or waiting after a pause): the player stalls until {@link #rebufferEnd()}. */
  public ViewScript rebufferStart() {
    requireState("stall", State.PLAYING, State.WAITING);
    state = State.STALLED;
    openStallMs = 0;
    emit(EventType.REBUFFER_START);
    return this;
  }

  public ViewScript rebufferEnd() {
    requireState("stall end", State.STALLED);
    closeStall();
    state = State.PLAYING;
    emit(EventType.REBUFFER_END);
    return this;
  }

  /** BITRATE_CHANGE to a different bitrate (an up- or down-switch). */
  public ViewScript switchBitrate(int kbps) {
    if (!firstFrame || bitrate == null || kbps == bitrate || state == State.FAILED || state == State.ENDED) {
      throw new IllegalStateException("a bitrate switch needs a first frame and a different bitrate: " + bitrate + " -> " + kbps);
    }
    if (kbps > bitrate) {
      upswitches++;
    } else {
      downswitches++;
    }
    bitrate = kbps;
    emit(EventType.BITRATE_CHANGE);
    return this;
  }

  /**
   * A seek while playing to {@code toPlayheadMs}: SEEK_START, an optional stall while seeking (not
   * counted), SEEK_END, then PLAYING {@code totalMs} after SEEK_START.
   */
  public ViewScript seek(long toPlayheadMs, long seekStallMs, long totalMs) {
    requireState("seek", State.PLAYING);
    if (seekStallMs < 0 || seekStallMs + 20 > totalMs) {
      throw new IllegalArgumentException("a seek stall must fit in the seek: " + seekStallMs + " of " + totalMs);
    }
    state = State.SEEKING;
    emit(EventType.SEEK_START);
    playhead = toPlayheadMs;
    long spent = 10;
    advance(10);
    emit(EventType.SEEK_END);
    if (seekStallMs > 0) {
      advance(5);
      spent += 5;
      emit(EventType.REBUFFER_START);
      advance(seekStallMs);
      spent += seekStallMs;
      emit(EventType.REBUFFER_END);
    }
    advance(totalMs - spent);
    state = State.PLAYING;
    emit(EventType.PLAYING);
    return this;
  }

  /** PAUSE for {@code pausedMs}, then PLAY, then PLAYING after {@code resumeMs} of waiting. */
  public ViewScript pause(long pausedMs, long resumeMs) {
    pauseOnly();
    play(pausedMs);
    advance(resumeMs);
    state = State.PLAYING;
    emit(EventType.PLAYING);
    return this;
  }

  /** PAUSE, staying paused until the next step (e.g. {@link #end}: the viewer leaves while paused). */
  public ViewScript pauseOnly() {
    requireState("pause", State.PLAYING);
    state = State.PAUSED;
    emit(EventType.PAUSE);
    return this;
  }

  /** A non-fatal ERROR: recorded, changes nothing. */
  public ViewScript warning(String code) {
    emitError(code, false);
    return this;
  }

  /** A fatal ERROR: a start failure before the first frame, a playback failure after it. */
  public ViewScript fatalError(String code) {
    if (state == State.FAILED || state == State.ENDED) {
      throw new IllegalStateException("the view already failed or ended");
    }
    closeStall();
    if (firstFrame) {
      vpf = true;
    } else {
      vsf = true;
    }
    state = State.FAILED;
    emitError(code, true);
    return this;
  }

  /** ENDED (the content finished; the view ends here), then VIEW_END {@code viewEndAfter} later. */
  public ViewScript ended(long viewEndAfter) {
    requireState("ENDED", State.PLAYING);
    closeView();
    emit(EventType.ENDED);
    advance(viewEndAfter);
    emit(EventType.VIEW_END);
    return this;
  }

  /** VIEW_END after {@code after}: the viewer leaves (or the player gives up after a fatal error). */
  public ViewScript end(long after) {
    if (viewEnd != null) {
      throw new IllegalStateException("the view already ended");
    }
    advance(after);
    closeView();
    emit(EventType.VIEW_END);
    return this;
  }

  public long nowMs() {
    return now;
  }

  public long playheadMs() {
    return playhead;
  }

  public Integer bitrateKbps() {
    return bitrate;
  }

  public boolean isPlaying() {
    return state == State.PLAYING;
  }

  /** The events with heartbeats laid in, numbered from 0, and the expected QoE. */
  public SimulatedView build() {
    if (viewEnd == null) {
      throw new IllegalStateException("the view has no end: call end() or ended()");
    }
    long droppedTotal = 0;
    List<PlaybackEvent> events = new ArrayList<>(actions.size() + (int) ((viewEnd - viewStart) / heartbeatMs) + 1);
    int segment = 0;
    int next = 0;
    for (long hb = viewStart + heartbeatMs; ; hb += heartbeatMs) {
      boolean heartbeatDue = hb < viewEnd;
      // actions at the heartbeat's instant come first: the heartbeat reports the state after them
      while (next < actions.size() && (!heartbeatDue || actions.get(next).ts() <= hb)) {
        events.add(toEvent(actions.get(next++), events.size(), 0));
      }
      if (!heartbeatDue) {
        break;
      }
      while (segment < segments.size() - 1 && segments.get(segment).to() <= hb) {
        segment++;
      }
      Segment s = segments.get(segment);
      boolean playing = s.state() == State.PLAYING;
      long head = s.playheadFrom() + (playing ? hb - s.from() : 0);
      int dropped = playing ? heartbeatDroppedFrames.getAsInt() : 0;
      droppedTotal += dropped;
      Integer buffer = playing ? 4_000 + rng.nextInt(26_000) : s.state() == State.STALLED ? 0 : rng.nextInt(2_000);
      Action beat = new Action(EventType.HEARTBEAT, hb, head, s.bitrate(), buffer, null, null);
      events.add(toEvent(beat, events.size(), dropped));
    }
    boolean ebvs = !firstFrame && !vsf;
    long watch = viewEnd - viewStart - pausedMs;
    ExpectedQoe expected = new ExpectedQoe(startupTimeMs, ebvs, vsf, vpf, stallCount, stallMs, playingMs, watch,
        playingMs == 0 ? null : bitrateMs / playingMs, upswitches, downswitches, droppedTotal);
    return new SimulatedView(ctx.sessionId(), ctx.accountId(), ctx.profileId(), ctx.titleId(), events, expected);
  }

  private void advance(long ms) {
    if (ms < 0) {
      throw new IllegalArgumentException("time runs forward: " + ms);
    }
    if (viewEnd != null && state != State.ENDED) {
      throw new IllegalStateException("the view already ended");
    }
    if (ms == 0) {
      return;
    }
    segments.add(new Segment(now, now + ms, state, playhead, bitrate));
    switch (state) {
      case PLAYING -> {
        playingMs += ms;
        bitrateMs += (double) ms * bitrate;
        playhead += ms;
        if (ctx.contentDurationMs() != null && playhead > ctx.contentDurationMs()) {
          throw new IllegalStateException("played past the end of the content: " + playhead);
        }
      }
      case PAUSED -> pausedMs += ms;
      case STALLED -> openStallMs += ms;
      default -> { }
    }
    now += ms;
  }

  private void closeStall() {
    if (state == State.STALLED && openStallMs >= 0) {
      if (openStallMs >= MIN_STALL_MS) {
        stallCount++;
        stallMs += openStallMs;
      }
      openStallMs = -1;
    }
  }

  private void closeView() {
    closeStall();
    viewEnd = now;
    // the trailing segment lets a heartbeat find its state up to the end
    segments.add(new Segment(now, Long.MAX_VALUE, state, playhead, bitrate));
    state = State.ENDED;
  }

  private void requireState(String step, State... allowed) {
    for (State s : allowed) {
      if (state == s) {
        return;
      }
    }
    throw new IllegalStateException(step + " is not possible in state " + state + " of session " + ctx.sessionId());
  }

  private void emit(EventType type) {
    actions.add(new Action(type, now, playhead, firstFrame ? bitrate : null,
        firstFrame && state == State.PLAYING ? 4_000 + rng.nextInt(26_000) : null, null, null));
  }

  private void emitError(String code, boolean fatal) {
    actions.add(new Action(EventType.ERROR, now, playhead, firstFrame ? bitrate : null, null, code, fatal));
  }

  private PlaybackEvent toEvent(Action a, long sequence, int droppedFrames) {
    ViewContext.DeviceProfile d = ctx.device();
    // ingest receives a batch up to a heartbeat interval after the event; a plausible delay
    long serverTs = a.ts() + 30 + rng.nextInt(400);
    return new PlaybackEvent(
        new UUID(rng.nextLong() & 0xffffffffffff0fffL | 0x4000L, rng.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L)
            .toString(),
        ctx.sessionId(), sequence, ctx.accountId(), ctx.profileId(), ctx.titleId(), a.type(),
        Instant.ofEpochMilli(a.ts()), Instant.ofEpochMilli(serverTs), a.playhead(), a.bitrate(),
        a.bitrate() == null ? null : Ladder.rendition(a.bitrate()), a.bufferMs(),
        a.type() == EventType.HEARTBEAT ? droppedFrames : null, a.errorCode(), a.errorFatal(), ctx.cdn(),
        new Device(d.type(), d.os(), d.osVersion(), d.browser(), d.browserVersion(), d.appVersion()),
        new Player(d.playerName(), d.playerVersion()), ctx.country(), ctx.streamType(), ctx.contentDurationMs(),
        ctx.clientIpPrefix());
  }
}
