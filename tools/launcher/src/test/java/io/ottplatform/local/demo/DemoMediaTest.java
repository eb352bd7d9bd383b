package io.ottplatform.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.local.demo.DemoMedia.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoMediaTest {

  @TempDir Path dir;

  @Test
  void theFirstThreeTitlesGetClipsOfDifferentComplexityAndTone() {
    List<Clip> clips = DemoMedia.plan(List.of("tt-a", "tt-b", "tt-c", "tt-d"));
    assertThat(clips).extracting(Clip::titleId).containsExactly("tt-a", "tt-b", "tt-c");
    assertThat(clips).extracting(Clip::pattern).containsExactly("mandelbrot", "testsrc2", "gradients");
    assertThat(clips).extracting(Clip::toneHz).doesNotHaveDuplicates();
    assertThat(clips).allSatisfy(c -> assertThat(c.seconds()).isBetween(20, 30));
    assertThat(DemoMedia.plan(List.of("only"))).hasSize(1);
  }

  @Test
  void theCliArgumentsNameTheClipTheTitleAndTheOrigin() {
    Clip clip = new Clip("tt-a", "testsrc2", 24, 660);
    Path file = dir.resolve("tt-a.mp4");
    assertThat(DemoMedia.sampleArgs(clip, file)).containsExactly("sample", file.toString(), "--pattern", "testsrc2",
        "--seconds", "24", "--size", "848x480", "--tone", "660");
    assertThat(DemoMedia.encodeArgs(clip, file, dir.resolve("origin"), dir)).containsExactly("encode", file.toString(),
        "--title", "tt-a", "--out", dir.resolve("origin").toString(), "--job", "demo-tt-a",
        "--set", "work-dir=" + dir.resolve("state/media-pipeline/work"));
  }

  @Test
  void aTitleCountsAsPublishedOnlyWithBothManifests() throws Exception {
    Path origin = dir.resolve("origin");
    assertThat(DemoMedia.published(origin, "tt-a")).isFalse();
    Files.createDirectories(origin.resolve("tt-a"));
    Files.writeString(origin.resolve("tt-a/master.m3u8"), "#EXTM3U\n");
    assertThat(DemoMedia.published(origin, "tt-a")).as("HLS only").isFalse();
    Files.writeString(origin.resolve("tt-a/manifest.mpd"), "<MPD/>");
    assertThat(DemoMedia.published(origin, "tt-a")).isTrue();
  }
}
