package io.ottplatform.media.ladder;

/**
 * A rung planned for one source: its picture size and its bitrate after the per-title factor. The encoder is
 * capped at {@code maxrateKbps} over a {@code bufsizeKbps} buffer (capped VBR), so segment sizes stay
 * predictable for players' bandwidth estimates.
 */
public record Rung(String name, int width, int height, int bitrateKbps) {

  public int maxrateKbps() {
    return bitrateKbps * 11 / 10;
  }

  public int bufsizeKbps() {
    return bitrateKbps * 2;
  }
}
