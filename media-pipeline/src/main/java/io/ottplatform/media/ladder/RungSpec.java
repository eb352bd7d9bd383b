package io.ottplatform.media.ladder;

/**
 * One rung of a ladder profile: its height, the width to use when the source is 16:9 (848 for 480p: a multiple
 * of 16, as encoders like; 854 is not), and its bitrate for a source of ordinary complexity.
 */
public record RungSpec(String name, int height, int width16x9, int bitrateKbps) {

  public RungSpec {
    if (height < 2 || width16x9 < 2 || height % 2 != 0 || width16x9 % 2 != 0) {
      throw new IllegalArgumentException("rung " + name + ": sides must be even and positive, got "
          + width16x9 + "x" + height);
    }
    if (bitrateKbps <= 0) {
      throw new IllegalArgumentException("rung " + name + ": bitrate must be positive, got " + bitrateKbps);
    }
  }
}
