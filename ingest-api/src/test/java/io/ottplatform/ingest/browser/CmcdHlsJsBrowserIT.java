package io.ottplatform.ingest.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's acceptance test for CMCD: unmodified hls.js 1.7.4 (npm) with its CMCD v2 event mode pointed at the
 * real ingest-api plays a short HLS stream made by FFmpeg in headless Debian Chromium; its reports land in a real
 * Kafka broker as the session's events, and the platform's QoE calculator over them gives a view with a startup
 * time. The set-up, the run and the checks every player shares are {@link CmcdBrowser}'s.
 */
@Timeout(300)
class CmcdHlsJsBrowserIT {

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
  void unmodifiedHlsJsWithCmcdEventModeProducesAViewWithQoe() throws Exception {
    assumeTrue(BROWSER.skipReason() == null, BROWSER.skipReason());
    CmcdBrowser.Run run = BROWSER.play("hls", "hls.js", "1.7.4", "/hls/master.m3u8", "");
    ViewSummary view = run.view();
    assertThat(view.getStartupTimeMs()).as("startup time").isNotNull().isPositive()
        .isLessThan(CmcdBrowser.PLAY_TIMEOUT.toMillis());
    assertThat(view.getEndReason()).isEqualTo(ViewEndReason.ENDED);
    assertThat(view.getExitBeforeVideoStart()).isFalse();
    assertThat(view.getVideoStartFailure()).isFalse();
    assertThat(view.getVideoPlaybackFailure()).isFalse();
    // the stream is 4 s long; playing time is the player's clock between its playing and ended reports
    assertThat(view.getPlayingTimeMs()).isBetween(CmcdBrowser.STREAM_SECONDS * 1000L - 1500,
        CmcdBrowser.STREAM_SECONDS * 1000L + 20_000);
    assertThat(view.getAvgBitrateKbps()).as("the bitrate hls.js reported: the master playlist's BANDWIDTH")
        .isEqualTo(TestStream.BANDWIDTH / 1000.0);
    assertThat(view.getMissingSequences()).isZero();
  }
}
