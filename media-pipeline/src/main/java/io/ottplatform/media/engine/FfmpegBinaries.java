package io.ottplatform.media.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where ffmpeg and ffprobe live, and the environment they need. The Maven-shipped FFmpeg 8 (bytedeco, classifier
 * {@code linux-x86_64-gpl}: the only one with libx264) is unpacked by JavaCPP's {@code Loader} into its cache; its
 * binary finds its own shared libraries (libva, libdrm, libav*) only through {@code LD_LIBRARY_PATH}, so that is set
 * to the binary's folder. A system FFmpeg (e.g. Debian's 5.1) takes the same arguments, but writes no CENC
 * sample-encryption boxes (Chromium then refuses Clear Key DASH): prefer the Maven build.
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe, Map<String, String> environment) {

  public FfmpegBinaries {
    Objects.requireNonNull(ffmpeg, "ffmpeg");
    Objects.requireNonNull(ffprobe, "ffprobe");
    environment = Map.copyOf(environment);
  }

  /** The FFmpeg 8 binaries from the {@code org.bytedeco:ffmpeg} artifact on the classpath. */
  public static FfmpegBinaries fromMaven() {
    try {
      Path ffmpeg = Path.of(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
      Path ffprobe = Path.of(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
      return new FfmpegBinaries(ffmpeg, ffprobe, Map.of("LD_LIBRARY_PATH", ffmpeg.getParent().toString()));
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot unpack FFmpeg from org.bytedeco:ffmpeg (linux-x86_64-gpl): "
          + e.getMessage() + " (on Debian it needs libpulse0)", e);
    }
  }

  /** A system FFmpeg: {@code dir} holds {@code ffmpeg} and {@code ffprobe}. */
  public static FfmpegBinaries fromDirectory(Path dir) {
    Path ffmpeg = dir.resolve("ffmpeg");
    Path ffprobe = dir.resolve("ffprobe");
    if (!Files.isExecutable(ffmpeg) || !Files.isExecutable(ffprobe)) {
      throw new IllegalArgumentException("no executable ffmpeg and ffprobe in " + dir);
    }
    return new FfmpegBinaries(ffmpeg, ffprobe, Map.of());
  }

  /** {@code "maven"} or a directory holding ffmpeg and ffprobe (e.g. {@code /usr/bin}). */
  public static FfmpegBinaries locate(String setting) {
    return setting == null || setting.isBlank() || setting.equalsIgnoreCase("maven")
        ? fromMaven()
        : fromDirectory(Path.of(setting));
  }
}
