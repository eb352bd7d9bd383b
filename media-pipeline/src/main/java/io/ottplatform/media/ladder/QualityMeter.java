package io.ottplatform.media.ladder;

import io.ottplatform.media.engine.FfmpegEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measured quality of a rendition against its source, with FFmpeg's own filters: PSNR (dB, luma and chroma
 * averaged as FFmpeg reports it) and SSIM. The source is scaled to the rendition's size first, as a player would
 * show the rendition at its own size. (The Maven FFmpeg has no VMAF.)
 */
public final class QualityMeter {

  public record Quality(double psnrDb, double ssim) {}

  private static final Pattern PSNR = Pattern.compile("PSNR .*average:([0-9.]+|inf)");
  private static final Pattern SSIM = Pattern.compile("SSIM .*All:([0-9.]+)");

  private final FfmpegEngine engine;

  public QualityMeter(FfmpegEngine engine) {
    this.engine = engine;
  }

  public Quality measure(Path rendition, Path source, int width, int height) {
    String stderr = engine.runForLog("quality of " + rendition.getFileName(), List.of(
        "-loglevel", "info", "-i", rendition.toString(), "-i", source.toString(),
        "-lavfi", "[1:v]scale=" + width + ":" + height + ":flags=bicubic,setsar=1[ref];[0:v]setsar=1,split[d1][d2];"
            + "[ref]split[r1][r2];[d1][r1]psnr;[d2][r2]ssim",
        "-f", "null", "-"));
    return new Quality(number(PSNR, stderr, "PSNR"), number(SSIM, stderr, "SSIM"));
  }

  private static double number(Pattern pattern, String log, String what) {
    Matcher m = pattern.matcher(log);
    if (!m.find()) {
      throw new IllegalStateException("FFmpeg printed no " + what + " summary: " + log);
    }
    return m.group(1).equals("inf") ? 100 : Double.parseDouble(m.group(1));
  }
}
