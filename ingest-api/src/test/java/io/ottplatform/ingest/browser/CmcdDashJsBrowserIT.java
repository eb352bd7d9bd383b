package io.ottplatform.ingest.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified dash.js 5.2.1 (npm dashjs) with its CMCD v2 event mode ({@code streaming.cmcd.eventTargets}, set up as
 * docs/ingest.md shows) pointed at the real ingest-api plays a short DASH stream made by FFmpeg in headless Debian
 * Chromium: its reports become the session's events in a real Kafka broker, and the QoE calculator over them gives a
 * view with a startup time, played to its end at the MPD's video bandwidth. {@link CmcdBrowser} holds the set-up.
 */
@Timeout(300)
class CmcdDashJsBrowserIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static final CmcdBrowser BROWSER = new CmcdBrowser(KAFKA);
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    BROWSER.start(dir);
  }

  @AfterAll
  static void stop() {
    BROWSER.stop();
  }

  @Test
  void unmodifiedDashJsWithCmcdEventModeProducesAViewWithQoe() throws Exception {
    assumeTrue(BROWSER.skipReason() == null, BROWSER.skipReason());
    CmcdBrowser.Run run = BROWSER.play("dash", "dash.js", "5.2.1", "/dash/manifest.mpd", "");
    List<EventType> types = run.events().stream().map(PlaybackEvent::getEventType).toList();
    assertThat(types).as("dash.js's play states: starting, playing, ended")
        .containsSubsequence(EventType.PLAY, EventType.PLAYING, EventType.ENDED);
    ViewSummary view = run.view();
    assertThat(view.getStartupTimeMs()).as("startup time").isNotNull().isPositive()
        .isLessThan(CmcdBrowser.PLAY_TIMEOUT.toMillis());
    assertThat(view.getEndReason()).isEqualTo(ViewEndReason.ENDED);
    assertThat(view.getExitBeforeVideoStart()).isFalse();
    assertThat(view.getVideoStartFailure()).isFalse();
    assertThat(view.getVideoPlaybackFailure()).isFalse();
    assertThat(view.getPlayingTimeMs()).isBetween(CmcdBrowser.STREAM_SECONDS * 1000L - 1500,
        CmcdBrowser.STREAM_SECONDS * 1000L + 20_000);
    // dash.js sends br=(<video>;v <audio>;a): ingest takes the ;v item, the MPD's video bandwidth
    assertThat(view.getAvgBitrateKbps()).as("the video representation's bandwidth dash.js reported")
        .isEqualTo(TestStream.VIDEO_BPS / 1000.0);
    assertThat(view.getRebufferCount()).as("dash.js's waiting before the first frame is startup, not a stall")
        .isZero();
    assertThat(view.getMissingSequences()).isZero();
  }
}
