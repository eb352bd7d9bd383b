package io.ottplatform.media.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.media.TestSources;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.ladder.ComplexityProbe.Complexity;
import io.ottplatform.media.ladder.ComplexityProbe.RungProbe;
import io.ottplatform.media.probe.MediaInfo;
import io.ottplatform.media.probe.Prober;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe on real FFmpeg: what it chooses for an easy and a hard source (the bits and PSNR: PerTitleLadderIT). */
class ComplexityProbeTest {

  @TempDir Path dir;

  @Test
  void anEasySourceGetsCappedCrfRungsAndNoiseKeepsTheFixedLadder() {
    Path easy = TestSources.makeGraph(dir, "easy.mp4", "gradients=size=848x480:rate=25:speed=0.005:seed=1", 3);
    Path hard = TestSources.makeGraph(dir, "hard.mp4", "testsrc2=size=848x480:rate=25,noise=alls=80:allf=t", 3);
    try (FfmpegEngine engine = new FfmpegEngine(TestSources.FFMPEG)) {
      Prober prober = new Prober(engine);
      ComplexityProbe probe = new ComplexityProbe(engine);
      MediaInfo easyInfo = prober.probe(easy);
      MediaInfo hardInfo = prober.probe(hard);
      Complexity e = probe.measure(easy, easyInfo, LadderProfile.DEFAULT_H264);
      Complexity h = probe.measure(hard, hardInfo, LadderProfile.DEFAULT_H264);

      assertThat(e.samples()).as("3 s: one sample in the middle").isEqualTo(1);
      assertThat(e.ladder()).extracting(Rung::name).containsExactly("480p", "360p");
      for (RungProbe r : e.rungs()) {
        assertThat(r.chosen().crf()).as("%s of a nearly still gradient: %s", r.fixed().name(), r).isPresent();
        assertThat(r.chosen().capKbps()).isEqualTo(r.fixed().bitrateKbps());
        assertThat(r.crfTrials()).hasSizeBetween(1, EqualQualityRule.MAX_CRF_TRIALS);
      }
      assertThat(e.factor()).isLessThan(1.0);

      assertThat(h.ladder()).as("noise cannot keep the fixed rungs' PSNR with fewer bits: %s", h.rungs())
          .isEqualTo(LadderPlanner.plan(LadderProfile.DEFAULT_H264, hardInfo, 1.0));
      assertThat(h.factor()).isEqualTo(1.0);
    }
  }

  @Test
  void eachRungsSamplesGoThroughTheLaddersOwnScalingChain() {
    MediaInfo hd = new MediaInfo(20, 1920, 1080, 16.0 / 9, 25, "h264", false, 8_000_000);
    List<Rung> ladder = LadderPlanner.plan(LadderProfile.DEFAULT_H264, hd, 1.0);
    assertThat(ComplexityProbe.scalingChain(hd, ladder.subList(0, 1))).as("1080p from a 1080p source").isEmpty();
    assertThat(ComplexityProbe.scalingChain(hd, ladder)).isEqualTo("scale=1280:720:flags=bicubic,"
        + "scale=848:480:flags=bicubic,scale=640:360:flags=bicubic,");
    MediaInfo small = new MediaInfo(20, 1280, 720, 16.0 / 9, 25, "h264", false, 3_000_000);
    List<Rung> smallLadder = LadderPlanner.plan(LadderProfile.DEFAULT_H264, small, 1.0);
    assertThat(ComplexityProbe.scalingChain(small, smallLadder.subList(0, 1))).isEmpty();
    assertThat(ComplexityProbe.scalingChain(small, smallLadder)).isEqualTo("scale=848:480:flags=bicubic,"
        + "scale=640:360:flags=bicubic,");
  }
}
