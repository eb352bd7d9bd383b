package io.ottplatform.media.packaging;

/** Seek-preview thumbnails: one every {@code intervalSeconds}, {@code width} pixels wide, tiled columns x rows per sprite. */
public record ThumbnailSpec(int intervalSeconds, int width, int columns, int rows) {

  public static final ThumbnailSpec DEFAULT = new ThumbnailSpec(2, 160, 5, 5);

  public int heightFor(double displayAspect) {
    int h = (int) Math.round(width / displayAspect);
    return Math.max(2, h - (h % 2));
  }
}
