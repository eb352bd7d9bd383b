package io.ottplatform.media.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.media.ladder.LadderPlanner;
import io.ottplatform.media.ladder.LadderProfile;
import io.ottplatform.media.ladder.Rung;
import io.ottplatform.media.probe.MediaInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The filter graph's shape; that FFmpeg runs it and what it makes is {@code MediaPipelineTest}'s part. */
class PackagingCommandTest {

  private static final LadderProfile PROFILE = LadderProfile.DEFAULT_H264;

  private static MediaInfo source(int width, int height, boolean audio) {
    return new MediaInfo(20, width, height, (double) width / height, 25, "h264", audio, 8_000_000);
  }

  @Test
  void aSourceSizedTopRungIsNotScaledAndEachLowerRungIsScaledFromTheOneAbove() {
    MediaInfo info = source(1920, 1080, false);
    List<Rung> rungs = LadderPlanner.plan(PROFILE, info, 1.0);
    assertThat(PackagingCommand.filterGraph(info, PROFILE, rungs, Optional.empty())).isEqualTo(
        "[0:v:0]format=yuv420p,split=2[v0][c0];"
            + "[c0]scale=1280:720:flags=bicubic,split=2[v1][c1];"
            + "[c1]scale=848:480:flags=bicubic,split=2[v2][c2];"
            + "[c2]scale=640:360:flags=bicubic[v3]");
  }

  @Test
  void aTopRungSmallerThanTheSourceIsScaledFromItAndTheSpriteComesFromTheLowestRung() {
    MediaInfo info = source(1280, 720, true);
    String graph = PackagingCommand.filterGraph(info, PROFILE, List.of(new Rung("480p", 848, 480, 1200),
        new Rung("360p", 640, 360, 700)), Optional.of(ThumbnailSpec.DEFAULT));
    assertThat(graph).startsWith("[0:v:0]scale=848:480:flags=bicubic,format=yuv420p,split=2[v0][c0];"
        + "[c0]scale=640:360:flags=bicubic,split=2[v1][c1];[c1]fps=1/2,scale=160:90,setsar=1,tile=5x5[thumbs];")
        .contains("[0:a:0]loudnorm=I=-23.0:TP=-1.0:LRA=7.0,aresample=48000[a0]");
  }

  @Test
  void oneRungWithoutThumbnailsIsOneScaler() {
    MediaInfo info = source(320, 180, false);
    List<Rung> rungs = LadderPlanner.plan(PROFILE, info, 1.0);
    assertThat(PackagingCommand.filterGraph(info, PROFILE, rungs, Optional.empty()))
        .isEqualTo("[0:v:0]format=yuv420p[v0]");
  }

  @Test
  void aFixedRungIsCappedVbrAndAPerTitleRungIsCappedCrfUnderTheSameCap() {
    Rung fixed = new Rung("720p", 1280, 720, 3000);
    assertThat(PackagingCommand.rateArgs(fixed, "v:1"))
        .containsExactly("-b:v:1", "3000k", "-maxrate:v:1", "3300k", "-bufsize:v:1", "6000k");
    assertThat(PackagingCommand.rateArgs(fixed.withCrf(13, 1100), "v:1"))
        .containsExactly("-b:v:1", "1100k", "-maxrate:v:1", "3300k", "-bufsize:v:1", "6000k", "-crf:v:1", "13");
  }
}
