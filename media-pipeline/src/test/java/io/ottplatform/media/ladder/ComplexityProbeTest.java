package io.ottplatform.media.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.media.TestSources;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.ladder.ComplexityProbe.Complexity;
import io.ottplatform.media.probe.MediaInfo;
import io.ottplatform.media.probe.Prober;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplexityProbeTest {

  @TempDir Path dir;

  @Test
  void anEasySourceGetsASmallerLadderThanAHardOneAndNeverMoreThanNominal() {
    Path easy = TestSources.makeGraph(dir, "easy.mp4", "color=c=gray:size=640x360:rate=10", 3);
    Path hard = TestSources.makeGraph(dir, "hard.mp4", "testsrc2=size=640x360:rate=10,noise=alls=80:allf=t", 3);
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      Prober prober = new Prober(engine);
      ComplexityProbe probe = new ComplexityProbe(engine);
      MediaInfo easyInfo = prober.probe(easy);
      Complexity e = probe.measure(easy, easyInfo, LadderProfile.DEFAULT_H264, dir.resolve("w1"));
      Complexity h = probe.measure(hard, prober.probe(hard), LadderProfile.DEFAULT_H264, dir.resolve("w2"));
      assertThat(e.factor()).as("a flat grey picture needs the floor").isEqualTo(ComplexityProbe.MIN_FACTOR);
      assertThat(h.factor()).as("noise needs the nominal ladder").isEqualTo(1.0);
      assertThat(e.crfKbps()).isLessThan(h.crfKbps());
      assertThat(LadderPlanner.plan(LadderProfile.DEFAULT_H264, easyInfo, e.factor()).get(0).bitrateKbps())
          .isLessThan(700);
    }
  }
}
