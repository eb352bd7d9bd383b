package io.ottplatform.ingest.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Short streams made by FFmpeg from lavfi's test sources: HLS (H.264 + AAC in 1 s MPEG-TS segments) and DASH (the
 * same in 1 s CMAF segments, as media-pipeline packages it). The FFmpeg is the Maven one (org.bytedeco:ffmpeg,
 * linux-x86_64-gpl) that media-pipeline uses, unpacked by JavaCPP.
 */
final class TestStream {

  /** The variant's declared bandwidth, bits per second (above the encoder's 400 + 64 kbps). */
  static final int BANDWIDTH = 500_000;
  /** The encoder's video and audio bitrates: FFmpeg's dash muxer writes them as the representations' bandwidth. */
  static final int VIDEO_BPS = 400_000;
  static final int AUDIO_BPS = 64_000;

  private TestStream() {}

  /**
   * Writes {@code dir/master.m3u8} (returned), its one variant {@code index.m3u8} and the segments: {@code seconds}
   * of 320x180 at 15 fps with a tone.
   */
  static Path make(Path dir, int seconds) throws IOException, InterruptedException {
    ffmpeg(dir, seconds, List.of(
        "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
        "-hls_segment_filename", dir.resolve("seg%03d.ts").toString(),
        dir.resolve("index.m3u8").toString()));
    // a master playlist, so that hls.js knows the bitrate (for a bare media playlist it reports br=(0))
    return Files.writeString(dir.resolve("master.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=" + BANDWIDTH + ",RESOLUTION=320x180\nindex.m3u8\n");
  }

  /**
   * Writes {@code dir/manifest.mpd} (returned) and its segments: the same picture and tone in one video
   * representation ({@link #VIDEO_BPS} in the MPD) and one audio ({@link #AUDIO_BPS}).
   */
  static Path makeDash(Path dir, int seconds) throws IOException, InterruptedException {
    ffmpeg(dir, seconds, List.of(
        "-f", "dash", "-seg_duration", "1", "-use_template", "1", "-use_timeline", "0",
        "-adaptation_sets", "id=0,streams=v id=1,streams=a",
        "-init_seg_name", "init-$RepresentationID$.m4s", "-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s",
        dir.resolve("manifest.mpd").toString()));
    return dir.resolve("manifest.mpd");
  }

  /** {@code seconds} of 320x180 at 15 fps with a tone, H.264 + AAC, written by {@code muxer}'s arguments. */
  private static void ffmpeg(Path dir, int seconds, List<String> muxer) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path ffmpeg;
    try {
      ffmpeg = Path.of(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot unpack FFmpeg from org.bytedeco:ffmpeg (linux-x86_64-gpl): "
          + e.getMessage() + " (on Debian it needs libpulse0)", e);
    }
    List<String> args = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", Integer.toString(seconds),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "15", "-b:v", VIDEO_BPS / 1000 + "k",
        "-c:a", "aac", "-b:a", AUDIO_BPS / 1000 + "k"));
    args.addAll(muxer);
    Path log = dir.resolve("ffmpeg.log");
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("LD_LIBRARY_PATH", ffmpeg.getParent().toString());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("FFmpeg did not finish within 2 minutes; log:\n" + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("FFmpeg exited with " + p.exitValue() + ": " + args + "\n" + Files.readString(log));
    }
  }
}
