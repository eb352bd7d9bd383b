package io.ottplatform.media.ladder;

import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * A rung planned for one source: its picture size, its bitrate, and how the encoder spends it.
 *
 * <p>Fixed (no {@code crf}): capped VBR, x264's one-pass ABR at {@code bitrateKbps}, capped at 1.1 × {@code capKbps}
 * over a 2 × {@code capKbps} buffer, so segment sizes stay predictable for players' bandwidth estimates.
 *
 * <p>Per-title (a {@code crf}): capped CRF. x264 spends what constant quality {@code crf} needs, under the same cap
 * as the fixed rung ({@code capKbps} is the profile's nominal bitrate), so a hard scene never gets more than the
 * fixed ladder would give it; {@code bitrateKbps} is then the bitrate the complexity probe expects, written into
 * the manifests as the rung's bandwidth.
 */
public record Rung(String name, int width, int height, int bitrateKbps, int capKbps, OptionalDouble crf) {

  public Rung {
    if (bitrateKbps <= 0 || capKbps < bitrateKbps) {
      throw new IllegalArgumentException("rung " + name + ": bitrate must be positive and at most the cap, got "
          + bitrateKbps + " kbps under " + capKbps + " kbps");
    }
  }

  /** A fixed rung: capped VBR at {@code bitrateKbps}. */
  public Rung(String name, int width, int height, int bitrateKbps) {
    this(name, width, height, bitrateKbps, bitrateKbps, OptionalDouble.empty());
  }

  /**
   * The same picture at constant quality {@code crf}, expected to average {@code expectedKbps}, under this cap. x264
   * takes a fractional CRF (its rate factor is continuous), which the per-title search uses near its target.
   */
  public Rung withCrf(double crf, int expectedKbps) {
    return new Rung(name, width, height, expectedKbps, capKbps, OptionalDouble.of(crf));
  }

  /** A CRF as FFmpeg's {@code -crf} and people read it: {@code 7}, {@code 7.5}, {@code 7.25}. */
  public static String crfText(double crf) {
    return BigDecimal.valueOf(crf).stripTrailingZeros().toPlainString();
  }

  public int maxrateKbps() {
    return capKbps * 11 / 10;
  }

  public int bufsizeKbps() {
    return capKbps * 2;
  }
}
