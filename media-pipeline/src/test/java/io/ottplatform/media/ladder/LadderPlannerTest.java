package io.ottplatform.media.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.media.probe.MediaInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderPlannerTest {

  private static MediaInfo source(int w, int h) {
    return new MediaInfo(60, w, h, (double) w / h, 25, "h264", true, 0);
  }

  @Test
  void aFullHdSourceGetsEveryRungWith848x480NotAnOddWidth() {
    List<Rung> rungs = LadderPlanner.plan(LadderProfile.DEFAULT_H264, source(1920, 1080), 1.0);
    assertThat(rungs).extracting(r -> r.width() + "x" + r.height() + "@" + r.bitrateKbps())
        .containsExactly("1920x1080@5000", "1280x720@3000", "848x480@1200", "640x360@700");
  }

  @Test
  void noRungIsTallerThanTheSource() {
    assertThat(LadderPlanner.plan(LadderProfile.DEFAULT_H264, source(1280, 720), 1.0))
        .extracting(Rung::height).containsExactly(720, 480, 360);
    assertThat(LadderPlanner.plan(LadderProfile.DEFAULT_H264, source(848, 480), 1.0))
        .extracting(Rung::height).containsExactly(480, 360);
  }

  @Test
  void aSourceSmallerThanTheLowestRungGetsOneRungAtItsOwnSize() {
    List<Rung> rungs = LadderPlanner.plan(LadderProfile.DEFAULT_H264, source(320, 180), 1.0);
    assertThat(rungs).singleElement().satisfies(r -> {
      assertThat(r.width()).isEqualTo(320);
      assertThat(r.height()).isEqualTo(180);
      assertThat(r.bitrateKbps()).isLessThan(700);
    });
  }

  @Test
  void aFourByThreeSourceKeepsItsShape() {
    assertThat(LadderPlanner.plan(LadderProfile.DEFAULT_H264, source(1440, 1080), 1.0))
        .extracting(r -> r.width() + "x" + r.height()).containsExactly("1440x1080", "960x720", "640x480", "480x360");
  }

  @Test
  void thePerTitleFactorScalesEveryRungDownToTheFloor() {
    List<Rung> rungs = LadderPlanner.plan(LadderProfile.DEFAULT_H264, source(1920, 1080), 0.5);
    assertThat(rungs).extracting(Rung::bitrateKbps).containsExactly(2500, 1500, 600, 350);
    assertThat(LadderPlanner.plan(LadderProfile.DEFAULT_H264, source(640, 360), 0.1))
        .extracting(Rung::bitrateKbps).containsExactly(150);
  }
}
