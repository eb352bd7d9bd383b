package io.ottplatform.media.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.media.TestSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegEngineTest {

  @TempDir Path dir;

  @Test
  void aFailedRunNamesFfmpegsReasonAndRemovesItsPartialOutput() throws Exception {
    Path out = dir.resolve("partial");
    Files.createDirectories(out);
    Files.writeString(out.resolve("half-written.m4s"), "x");
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      assertThatThrownBy(() -> engine.run("bad filter", List.of("-f", "lavfi", "-i", "testsrc2=duration=1",
          "-vf", "nosuchfilter", out.resolve("x.mp4").toString()), 1, p -> { }, List.of(out)))
          .isInstanceOf(FfmpegException.class)
          .hasMessageContaining("bad filter failed with exit code")
          .hasMessageContaining("nosuchfilter");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void reportsProgressAndEndsAtOneHundredPercent() {
    List<Progress> seen = new CopyOnWriteArrayList<>();
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      engine.run("encode", List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=2",
          "-c:v", "libx264", "-preset", "ultrafast", dir.resolve("a.mp4").toString()), 2, seen::add, List.of());
    }
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1).done()).isTrue();
    assertThat(seen.get(seen.size() - 1).percent()).isEqualTo(100.0);
  }

  @Test
  void cancelKillsTheProcessAndRemovesTheOutput() throws Exception {
    Path out = dir.resolve("endless.mp4");
    FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG);
    List<Progress> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> run = CompletableFuture.runAsync(() -> engine.run("endless", List.of("-re", "-f", "lavfi",
        "-i", "testsrc2=size=160x90:rate=10", "-c:v", "libx264", "-preset", "ultrafast", out.toString()), 60,
        seen::add, List.of(out)));
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> seen.stream().anyMatch(p -> p.outSeconds() > 0));
    engine.close();
    assertThatThrownBy(() -> run.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(EncodeCancelledException.class);
    assertThat(out).doesNotExist();
  }
}
