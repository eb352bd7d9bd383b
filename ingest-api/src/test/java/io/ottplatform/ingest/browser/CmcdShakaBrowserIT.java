package io.ottplatform.ingest.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unmodified shaka-player 5.2.12 (npm) with its CMCD v2 event mode ({@code cmcd.eventTargets}, as docs/ingest.md
 * shows) pointed at the real ingest-api, playing a short DASH stream made by FFmpeg in headless Debian Chromium.
 *
 * <p>The package's release build ({@code dist/shaka-player.compiled.js}, what {@code import 'shaka-player'} loads)
 * sends time-interval ({@code t}), bitrate-change ({@code bc}) and response ({@code rr}) reports but never a
 * play-state report ({@code ps}) and never the {@code sta} key, although its CmcdManager calls the reporter on
 * playing, pause, seeking and ended; the same version's debug build ({@code shaka-player.compiled.debug.js}) sends
 * them. So with the release build ingest gets no start, no first frame and no end: there is no view to compute. The
 * first test pins that (it fails once a shaka release sends play states: then the docs and this test change); the
 * second shows ingest makes a view with QoE from shaka's reports when they are sent. {@link CmcdBrowser} holds the
 * set-up both share with the hls.js and dash.js tests.
 */
@Timeout(300)
class CmcdShakaBrowserIT {

  @RegisterExtension @Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(2) static final CmcdBrowser BROWSER = new CmcdBrowser(KAFKA);
  /** shaka's br is its active variant's bandwidth: video and audio together. */
  static final double VARIANT_KBPS = (TestStream.VIDEO_BPS + TestStream.AUDIO_BPS) / 1000.0;

  @Test
  void theReleaseBuildsReportsLandButCarryNoPlayStateSoThereIsNoView() throws Exception {
    assumeTrue(BROWSER.skipReason() == null, BROWSER.skipReason());
    CmcdBrowser.Run run = BROWSER.play("shaka", "shaka-player", "5.2.12", "/dash/manifest.mpd", "");
    List<EventType> types = run.events().stream().map(PlaybackEvent::getEventType).toList();
    assertThat(types).as("t, bc and rr reports, each one event").contains(EventType.HEARTBEAT, EventType.BITRATE_CHANGE)
        .as("no play-state report from shaka 5.2.12's release build")
        .doesNotContain(EventType.PLAY, EventType.PLAYING, EventType.PAUSE, EventType.ENDED);
    assertThat(run.events()).filteredOn(e -> e.getEventType() == EventType.BITRATE_CHANGE)
        .extracting(PlaybackEvent::getBitrateKbps).as("the variant's bandwidth").containsOnly((int) VARIANT_KBPS);
    for (var r : run.result().path("reports")) {
      assertThat(r.path("body").asText()).as("no report carries a play state").doesNotContain("sta=");
    }
    ViewSummary view = run.view();
    assertThat(view.getStartupTimeMs()).as("no start, no first frame").isNull();
    assertThat(view.getPlayingTimeMs()).isZero();
    assertThat(view.getMissingSequences()).isZero();
  }

  @Test
  void theSameVersionsDebugBuildSendsPlayStatesAndMakesAViewWithQoe() throws Exception {
    assumeTrue(BROWSER.skipReason() == null, BROWSER.skipReason());
    CmcdBrowser.Run run = BROWSER.play("shaka", "shaka-player", "5.2.12", "/dash/manifest.mpd", "&build=debug");
    List<EventType> types = run.events().stream().map(PlaybackEvent::getEventType).toList();
    assertThat(types).containsSubsequence(EventType.PLAYING, EventType.ENDED);
    // shaka reports no starting (s): the startup time runs from its first report (the reporter starts at attach)
    CmcdBrowser.assertPlayedToItsEnd(run.view(), VARIANT_KBPS);
  }
}
