package io.ottplatform.e2e.sdk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A short DASH stream with two video renditions, so a player can change rendition: 8 s of test pattern and tone made
 * by FFmpeg's dash muxer in one run (as media-pipeline packages a ladder: one encode per rung, CMAF segments of 1 s,
 * keyframes aligned), H.264 640x360 at {@link #HIGH_BPS} (representation {@code 0}) and 320x180 at {@link #LOW_BPS}
 * (representation {@code 1}), AAC at {@link #AUDIO_BPS} (representation {@code 2}); {@code manifest.mpd} with a
 * SegmentTemplate: {@code init-<rep>.m4s}, {@code chunk-<rep>-00001.m4s}..{@code chunk-<rep>-00008.m4s}.
 */
public final class DashStream {

  public static final int SECONDS = 8;
  /** The MPD's bandwidth of each representation: what dash.js reports, and shaka adds the audio's to. */
  public static final int HIGH_BPS = 800_000;
  public static final int LOW_BPS = 250_000;
  public static final int AUDIO_BPS = 64_000;

  private DashStream() {}

  /** Writes {@code manifest.mpd} and its segments into {@code dir}. */
  public static Path generate(Path dir) throws IOException, InterruptedException {
    TestFfmpeg.run(dir, List.of(
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", String.valueOf(SECONDS),
        "-filter_complex", "[0:v]split=2[high][s];[s]scale=320:180[low]",
        "-map", "[high]", "-map", "[low]", "-map", "1:a",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
        "-b:v:0", HIGH_BPS / 1000 + "k", "-maxrate:v:0", HIGH_BPS / 1000 + "k", "-bufsize:v:0", 2 * HIGH_BPS / 1000 + "k",
        "-b:v:1", LOW_BPS / 1000 + "k", "-maxrate:v:1", LOW_BPS / 1000 + "k", "-bufsize:v:1", 2 * LOW_BPS / 1000 + "k",
        "-c:a", "aac", "-b:a", AUDIO_BPS / 1000 + "k",
        "-f", "dash", "-seg_duration", "1", "-use_template", "1", "-use_timeline", "0",
        "-adaptation_sets", "id=0,streams=v id=1,streams=a",
        "-init_seg_name", "init-$RepresentationID$.m4s", "-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s",
        dir.resolve("manifest.mpd").toString()),
        List.of("manifest.mpd", "init-0.m4s", "init-1.m4s", "chunk-0-00008.m4s", "chunk-1-00008.m4s"));
    return dir;
  }
}
