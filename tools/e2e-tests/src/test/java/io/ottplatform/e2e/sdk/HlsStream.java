package io.ottplatform.e2e.sdk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
    TestFfmpeg.run(dir, List.of(
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", String.valueOf(SECONDS),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "600k",
        "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "64k",
        "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
        "-hls_segment_filename", dir.resolve("seg%03d.ts").toString(),
        "-master_pl_name", "master.m3u8",
        dir.resolve("index.m3u8").toString()),
        List.of("master.m3u8", "index.m3u8", "seg007.ts"));
    return dir;
  }
}
