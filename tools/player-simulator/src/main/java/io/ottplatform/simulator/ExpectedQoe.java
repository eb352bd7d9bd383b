package io.ottplatform.simulator;

/**
 * The QoE of one simulated view as docs/qoe.md defines it, taken from the script the view was generated
 * with (what the simulator decided to play), not computed back from its events. A job that computes the
 * same metrics from the events must arrive at exactly these values.
 *
 * @param startupTimeMs first PLAYING minus the first PLAY before it; {@code null} without a first frame
 * @param rebufferCount stalls after the first frame, outside seeks, of at least 250 ms
 * @param watchTimeMs view end minus view start minus the time spent paused
 * @param avgBitrateKbps time-weighted over playing time; {@code null} with no playing time
 */
public record ExpectedQoe(
    Long startupTimeMs,
    boolean exitBeforeVideoStart,
    boolean videoStartFailure,
    boolean videoPlaybackFailure,
    int rebufferCount,
    long rebufferDurationMs,
    long playingTimeMs,
    long watchTimeMs,
    Double avgBitrateKbps,
    int bitrateUpswitches,
    int bitrateDownswitches,
    long droppedFrames) {

  /** Stall time / (stall time + playing time), 0 when both are 0. */
  public double rebufferingRatio() {
    long total = rebufferDurationMs + playingTimeMs;
    return total == 0 ? 0.0 : (double) rebufferDurationMs / total;
  }

  /** Counted stalls per minute of watch time, 0 without watch time. */
  public double rebufferFrequencyPerMinute() {
    return watchTimeMs == 0 ? 0.0 : rebufferCount / (watchTimeMs / 60_000.0);
  }

  public boolean hasFirstFrame() {
    return startupTimeMs != null;
  }
}
