package io.ottplatform.e2e.sdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.javacpp.Loader;

/**
 * A short HLS stream made by FFmpeg (the Maven one media-pipeline uses, unpacked by JavaCPP's cache): 8 s of test pattern
 * and tone, H.264 360p + AAC, 1 s segments {@code seg000.ts}..{@code seg007.ts}, and a master playlist that names
 * the bandwidth (so hls.js knows the rendition's bitrate).
 */
public final class HlsStream {

  public static final int SECONDS = 8;

  private HlsStream() {}

  /** Writes {@code master.m3u8}, {@code index.m3u8} and the segments into {@code dir}. */
  public static Path generate(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String ffmpegPath = Loader.load(ffmpeg.class);
    List<String> command = List.of(ffmpegPath, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", String.valueOf(SECONDS),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "600k",
        "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "64k",
        "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
        "-hls_segment_filename", dir.resolve("seg%03d.ts").toString(),
        "-master_pl_name", "master.m3u8",
        dir.resolve("index.m3u8").toString());
    Path log = dir.resolve("ffmpeg.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // the binary finds its own shared libraries (libva, libav*) beside it only through LD_LIBRARY_PATH
    pb.environment().put("LD_LIBRARY_PATH", Path.of(ffmpegPath).getParent().toString());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("FFmpeg did not finish within 2 minutes: " + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("FFmpeg exited with " + p.exitValue() + ": " + Files.readString(log));
    }
    for (String f : List.of("master.m3u8", "index.m3u8", "seg007.ts")) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IllegalStateException("FFmpeg wrote no " + f + " in " + dir + ": " + Files.readString(log));
      }
    }
    return dir;
  }
}
