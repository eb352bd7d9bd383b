package io.ottplatform.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.local.demo.DemoMedia.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  void theSampleArgumentsNameTheClipsPatternLengthSizeAndTone() {
    Clip clip = new Clip("tt-a", "testsrc2", 24, 660);
    Path file = dir.resolve("tt-a.mp4");
    assertThat(DemoMedia.sampleArgs(clip, file)).containsExactly("sample", file.toString(), "--pattern", "testsrc2",
        "--seconds", "24", "--size", "848x480", "--tone", "660");
  }

  @Test
  void everyTitleWithoutAClipIsPointedAtAClipsFolderInTurn() {
    List<String> titles = List.of("t1", "t2", "t3", "t4", "t5", "t6", "t7");
    List<Clip> clips = DemoMedia.plan(titles);
    Map<String, String> shortcut = DemoMedia.shortcut(titles, clips);
    assertThat(shortcut).containsExactly(Map.entry("t4", "t1"), Map.entry("t5", "t2"), Map.entry("t6", "t3"),
        Map.entry("t7", "t1"));
    assertThat(shortcut.keySet()).as("a title with its own clip keeps it").doesNotContainAnyElementsOf(
        clips.stream().map(Clip::titleId).toList());
    assertThat(DemoMedia.shortcut(List.of("t1", "t2"), DemoMedia.plan(List.of("t1", "t2")))).isEmpty();
    assertThat(DemoMedia.shortcut(List.of(), List.of())).isEmpty();
  }

  @Test
  void aJobIsDescribedAsServingApiShowsItToEditors() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(DemoMedia.describe(json.readTree(
        "{\"state\":\"ENCODING\",\"percent\":41.2,\"speed\":2.1,\"etaSeconds\":6}")))
        .isEqualTo("ENCODING 41% (2.10x realtime, ETA 6 s)");
    assertThat(DemoMedia.describe(json.readTree("{\"state\":\"QUEUED\",\"percent\":0,\"speed\":null}")))
        .isEqualTo("QUEUED 0%");
    assertThat(DemoMedia.describe(json.readTree(
        "{\"state\":\"FAILED\",\"percent\":10,\"errorReason\":\"the file x.mp4 has zero duration\"}")))
        .isEqualTo("FAILED 10%: the file x.mp4 has zero duration");
  }

  @Test
  void onlyANewestJobThatIsDoneCountsAsEncodedBefore() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(DemoMedia.doneJob(json.readTree("[]"))).isEmpty();
    assertThat(DemoMedia.doneJob(json.readTree(
        "[{\"jobId\":\"j2\",\"state\":\"FAILED\"},{\"jobId\":\"j1\",\"state\":\"DONE\"}]"))).isEmpty();
    assertThat(DemoMedia.doneJob(json.readTree(
        "[{\"jobId\":\"j2\",\"state\":\"DONE\"},{\"jobId\":\"j1\",\"state\":\"FAILED\"}]"))).contains("j2");
  }

  @Test
  void aFoldersKeyIdComesFromItsMediaJsonAndAClearFolderHasNone() throws Exception {
    Files.createDirectories(dir.resolve("enc"));
    Files.writeString(dir.resolve("enc/media.json"), "{\"titleId\":\"enc\",\"encrypted\":true,"
        + "\"kid\":\"00112233445566778899aabbccddeeff\"}");
    Files.createDirectories(dir.resolve("clear"));
    Files.writeString(dir.resolve("clear/media.json"), "{\"titleId\":\"clear\",\"encrypted\":false}");
    assertThat(DemoMedia.kid(dir.resolve("enc"))).contains("00112233445566778899aabbccddeeff");
    assertThat(DemoMedia.kid(dir.resolve("clear"))).isEmpty();
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
