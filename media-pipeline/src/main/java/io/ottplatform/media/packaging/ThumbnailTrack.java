package io.ottplatform.media.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The WebVTT thumbnail track players use for seek previews: one cue per thumbnail, pointing into a sprite with a
 * media fragment ({@code sprite-001.jpg#xywh=x,y,w,h}), as JW Player, Video.js and Shaka read it.
 */
public final class ThumbnailTrack {

  public static final String FILE = "thumbnails.vtt";

  private ThumbnailTrack() {}

  /** Writes {@code thumbnails.vtt} beside the sprites; returns how many cues it holds. */
  public static int write(Path dir, ThumbnailSpec spec, double displayAspect, double durationSeconds) {
    int w = spec.width();
    int h = spec.heightFor(displayAspect);
    int perSprite = spec.columns() * spec.rows();
    int count = (int) Math.ceil(durationSeconds / spec.intervalSeconds());
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    int written = 0;
    for (int i = 0; i < count; i++) {
      String sprite = String.format(Locale.ROOT, "sprite-%03d.jpg", i / perSprite + 1);
      if (!Files.exists(dir.resolve(sprite))) {
        break; // the last sheet is missing only if the decode ended early; cues must not point at nothing
      }
      int cell = i % perSprite;
      double start = (double) i * spec.intervalSeconds();
      double end = Math.min(durationSeconds, start + spec.intervalSeconds());
      vtt.append('\n').append(time(start)).append(" --> ").append(time(end)).append('\n')
          .append(sprite).append("#xywh=").append(cell % spec.columns() * w).append(',')
          .append(cell / spec.columns() * h).append(',').append(w).append(',').append(h).append('\n');
      written++;
    }
    try {
      Files.writeString(dir.resolve(FILE), vtt.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
    return written;
  }

  static String time(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }
}
