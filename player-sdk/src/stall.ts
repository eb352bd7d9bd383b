/** docs/qoe.md: stalls shorter than this are not rebuffering. */
export const MIN_STALL_MS = 250;

export type StallChange = { start: number } | { end: number } | undefined;

/**
 * Rebuffering read from the playhead rather than from {@code waiting} events (which players and browsers send late,
 * or not at all for some stalls): while playback should advance, a playhead that has not moved for
 * {@link MIN_STALL_MS} is a stall, and the stall is over when it moves again.
 *
 * <p>The playhead is sampled (every ~100 ms), so both moments are estimated from how far it moved: a playhead
 * that was moving and then advanced {@code d} ms of media reached its stopping point {@code d / rate} after the
 * sample before; one that was standing and then advanced {@code d} started again {@code d / rate} before the sample
 * that saw it move. That keeps a stall's length within a few ms of the truth instead of a sampling interval.
 */
export class StallDetector {
  private pos = -1;
  private lastT = 0;
  /** When the playhead got to {@code pos}. */
  private reached = 0;
  private moving = false;
  private stalled = false;
  /** The last sample saw the playhead move. */
  moved = false;

  constructor(private minMs = MIN_STALL_MS) {}

  /** Playback starts advancing from {@code pos} now (the player said {@code playing}). */
  reset(now: number, pos: number): void {
    this.pos = pos;
    this.lastT = this.reached = now;
    this.moving = true;
    this.moved = this.stalled = false;
  }

  /**
   * One observation of the playhead (seconds); {@code expected}: playback should be advancing (playing, not paused,
   * seeking or ended). Returns a stall's start or end time when one is found.
   */
  sample(now: number, pos: number, expected: boolean, rate = 1): StallChange {
    const prevT = this.lastT;
    this.lastT = now;
    this.moved = pos !== this.pos;
    if (this.moved) {
      const moved = Math.max(0, Math.round(((pos - this.pos) * 1000) / (rate || 1)));
      const wasStalled = this.stalled;
      const stoppedAt = this.reached;
      this.reached = this.moving ? Math.min(now, prevT + moved) : now;
      this.pos = pos;
      this.moving = true;
      this.stalled = false;
      return wasStalled ? { end: Math.max(stoppedAt, now - moved) } : undefined;
    }
    this.moving = false;
    if (!expected) {
      this.reached = now;
      return undefined;
    }
    if (!this.stalled && now - this.reached >= this.minMs) {
      this.stalled = true;
      return { start: this.reached };
    }
    return undefined;
  }

  isStalled(): boolean {
    return this.stalled;
  }
}
