package io.ottplatform.media.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.media.TestSources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaCliTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return MediaCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String[] settings(String... more) {
    String[] base = {"--set", "work-dir=" + dir.resolve("work"), "--set", "keys.dir=" + dir.resolve("keys"),
        "--set", "keys.master-key-file=" + dir.resolve("master.key"), "--set", "encode.preset=ultrafast"};
    String[] all = new String[more.length + base.length];
    System.arraycopy(more, 0, all, 0, more.length);
    System.arraycopy(base, 0, all, more.length, base.length);
    return all;
  }

  @Test
  void encodesOneFileWithAProgressBarAndSaysWhereItWent() throws Exception {
    Path source = TestSources.make(dir, "clip.mp4", "testsrc2", 640, 360, 10, 3, true);
    int code = run(settings("encode", source.toString(), "--title", "clip-1", "--out", dir.resolve("origin").toString(),
        "--encrypted"));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("] 100%");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("published clip-1 to " + dir.resolve("origin/clip-1"))
        .contains("encrypted, kid ").contains("360p   640x360").contains("per-title factor");
    assertThat(dir.resolve("origin/clip-1/master.m3u8")).isNotEmptyFile();
    assertThat(dir.resolve("keys/clip-1.key")).exists();
  }

  @Test
  void aBadInputExitsOneWithTheReason() throws Exception {
    Path bad = Files.writeString(dir.resolve("oops.mov"), "no video here");
    assertThat(run(settings("encode", bad.toString(), "--title", "t", "--out", dir.resolve("origin").toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("encode failed: the file oops.mov is not a media file");
    assertThat(dir.resolve("origin/t")).doesNotExist();
  }

  @Test
  void missingTitleOrUnknownFlagIsAUsageError() {
    assertThat(run("encode", "x.mp4")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--title are required").contains("usage: MediaCli encode");
    assertThat(run("encode", "x.mp4", "--title", "t", "--bogus")).isEqualTo(2);
  }

  @Test
  void helpListsTheSettings() {
    assertThat(run("encode", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("keys.hls-key-uri").contains("origin-dir");
  }

  @Test
  void sampleWritesAGeneratedClipWithVideoAndToneThatEncodeTakes() throws Exception {
    Path clip = dir.resolve("bars.mp4");
    assertThat(run("sample", clip.toString(), "--pattern", "mandelbrot", "--seconds", "2", "--size", "320x180"))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + clip).contains("mandelbrot 320x180, 2 s");
    int code = run(settings("encode", clip.toString(), "--title", "bars-1", "--out", dir.resolve("origin").toString()));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("published bars-1").contains("180p   320x180");
    assertThat(dir.resolve("origin/bars-1/manifest.mpd")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("origin/bars-1/manifest.mpd"))).contains("mimeType=\"audio/mp4\"");
  }

  @Test
  void sampleRefusesAnUnknownPatternOrSizeNamingIt() {
    assertThat(run("sample", dir.resolve("x.mp4").toString(), "--pattern", "movie=/etc/passwd")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown pattern 'movie=/etc/passwd'");
    assertThat(run("sample", dir.resolve("x.mp4").toString(), "--size", "33x20")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("size 33x20");
    assertThat(dir.resolve("x.mp4")).doesNotExist();
  }
}
