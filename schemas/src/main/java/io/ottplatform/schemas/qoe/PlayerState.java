package io.ottplatform.schemas.qoe;

/** The player state of a view after each event, as defined in docs/qoe.md. */
public enum PlayerState {
  /** Before the first frame. */
  STARTING,
  PLAYING,
  /** Resume requested after the first frame ({@code PLAY}), not yet playing. */
  WAITING,
  PAUSED,
  /** From {@code SEEK_START} until the next {@code PLAYING}. */
  SEEKING,
  /** A counted stall candidate: a rebuffer that began while PLAYING or WAITING. */
  STALLED,
  /** After a fatal error: absorbing, nothing after it is playing time. */
  FAILED,
  /** After {@code VIEW_END} or {@code ENDED}. */
  ENDED
}
