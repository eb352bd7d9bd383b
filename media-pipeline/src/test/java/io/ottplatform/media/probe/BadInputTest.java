package io.ottplatform.media.probe;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.media.TestSources;
import io.ottplatform.media.engine.FfmpegEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad upload fails at the probe with a sentence an editor can act on, not an FFmpeg log. */
class BadInputTest {

  @TempDir static Path dir;
  static FfmpegEngine engine;
  static Prober prober;

  @BeforeAll
  static void engine() {
    engine = new FfmpegEngine(TestSources.FFMPEG);
    prober = new Prober(engine);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void aTextFileIsNotAMediaFile() throws Exception {
    Path notMedia = Files.writeString(dir.resolve("notes.mp4"), "these are my notes, not a video\n".repeat(50));
    assertThatThrownBy(() -> prober.probe(notMedia)).isInstanceOf(InvalidMediaException.class)
        .hasMessageStartingWith("the file notes.mp4 is not a media file FFmpeg can read");
  }

  @Test
  void anEmptyUploadSaysSo() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.mp4"));
    assertThatThrownBy(() -> prober.probe(empty)).isInstanceOf(InvalidMediaException.class)
        .hasMessage("the file empty.mp4 is empty (0 bytes): the upload did not arrive");
  }

  @Test
  void aTruncatedUploadIsNamedTruncated() throws Exception {
    Path whole = TestSources.make(dir, "whole.mp4", "testsrc2", 320, 180, 10, 2, true);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> prober.probe(cut)).isInstanceOf(InvalidMediaException.class)
        .hasMessage("the file cut.mp4 is truncated or incomplete (its MP4 index, the moov atom, is missing)");
  }

  @Test
  void anUploadCutShortAfterAFrontIndexIsNamedTruncated() throws Exception {
    // +faststart puts the index first: the file probes fine and breaks only where its data stops
    Path whole = dir.resolve("fast.mp4");
    TestSources.run(List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=10", "-t", "4", "-c:v", "libx264",
        "-preset", "ultrafast", "-movflags", "+faststart", whole.toString()));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("fastcut.mp4"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    assertThatThrownBy(() -> prober.probe(cut)).isInstanceOf(InvalidMediaException.class)
        .hasMessageStartingWith("the file fastcut.mp4 is truncated or damaged near its end");
  }

  @Test
  void anAudioOnlyFileHasNoVideoTrack() {
    Path audio = dir.resolve("song.m4a");
    TestSources.run(List.of("-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", audio.toString()));
    assertThatThrownBy(() -> prober.probe(audio)).isInstanceOf(InvalidMediaException.class)
        .hasMessage("the file song.m4a has no video track (it holds only audio)");
  }

  @Test
  void aSingleFrameHasZeroDuration() {
    Path still = dir.resolve("still.mp4");
    TestSources.run(List.of("-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1", "-c:v", "libx264",
        still.toString()));
    assertThatThrownBy(() -> prober.probe(still)).isInstanceOf(InvalidMediaException.class)
        .hasMessage("the file still.mp4 has zero duration");
  }

  @Test
  void anAbsurdResolutionIsRefusedWithItsSize() {
    Path wide = dir.resolve("banner.mkv");
    TestSources.run(List.of("-f", "lavfi", "-i", "testsrc2=size=8192x64:rate=5:duration=1", "-c:v", "ffv1",
        wide.toString()));
    assertThatThrownBy(() -> prober.probe(wide)).isInstanceOf(InvalidMediaException.class)
        .hasMessage("the video of banner.mkv is 8192x64, outside the accepted 64x64 to 7680x4320");
  }

  @Test
  void aMissingSourceIsRetryableNotInvalid() {
    assertThatThrownBy(() -> prober.probe(dir.resolve("nowhere.mp4"))).isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("does not exist");
  }
}
