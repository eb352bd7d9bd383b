package io.ottplatform.media.cli;

import io.ottplatform.media.engine.FfmpegEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A generated clip to try the pipeline without a video file: one of FFmpeg's lavfi test patterns with a sine tone,
 * as a high-quality H.264/AAC MP4 (what an editor would upload). The patterns differ in how hard they are to
 * compress, which the per-title probe sees: {@code smptehdbars} is static, {@code testsrc2} moves a little,
 * {@code mandelbrot} zooms into ever finer detail. Only these names are accepted, never a filter graph.
 */
public record SampleClip(String pattern, int width, int height, int seconds, int toneHz) {

  /** pattern name to its lavfi source, sized and timed by the record. */
  static final Map<String, String> PATTERNS = Map.of(
      "testsrc2", "testsrc2=size=%dx%d:rate=25",
      "mandelbrot", "mandelbrot=size=%dx%d:rate=25",
      "smptehdbars", "smptehdbars=size=%dx%d:rate=25",
      "gradients", "gradients=size=%dx%d:rate=25:speed=0.01:seed=1");

  public SampleClip {
    if (!PATTERNS.containsKey(pattern)) {
      throw new IllegalArgumentException("unknown pattern '" + pattern + "' (known: " + PATTERNS.keySet().stream().sorted().toList() + ")");
    }
    if (width < 64 || height < 64 || width > 3840 || height > 2160 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("size " + width + "x" + height + ": expected even sides from 64x64 to 3840x2160");
    }
    if (seconds < 1 || seconds > 600) {
      throw new IllegalArgumentException("seconds " + seconds + ": expected 1 to 600");
    }
    if (toneHz < 20 || toneHz > 20_000) {
      throw new IllegalArgumentException("tone " + toneHz + " Hz: expected 20 to 20000");
    }
  }

  /** FFmpeg's arguments that write the clip to {@code out}. */
  List<String> arguments(Path out) {
    return List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, PATTERNS.get(pattern), width, height),
        "-f", "lavfi", "-i", "sine=frequency=" + toneHz + ":sample_rate=48000",
        "-t", String.valueOf(seconds), "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", out.toString());
  }

  void write(FfmpegEngine engine, Path out) {
    engine.run("sample " + pattern, arguments(out), seconds, p -> { }, List.of(out));
  }
}
