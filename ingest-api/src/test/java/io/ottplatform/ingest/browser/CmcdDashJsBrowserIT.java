package io.ottplatform.ingest.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unmodified dash.js 5.2.1 (npm dashjs) with its CMCD v2 event mode ({@code streaming.cmcd.eventTargets}, set up as
 * docs/ingest.md shows) pointed at the real ingest-api plays a short DASH stream made by FFmpeg in headless Debian
 * Chromium: its reports become the session's events in a real Kafka broker, and the QoE calculator over them gives a
 * view with a startup time, played to its end at the MPD's video bandwidth. {@link CmcdBrowser} holds the set-up.
 */
@Timeout(300)
class CmcdDashJsBrowserIT {

  @RegisterExtension @Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(2) static final CmcdBrowser BROWSER = new CmcdBrowser(KAFKA);

  @Test
  void unmodifiedDashJsWithCmcdEventModeProducesAViewWithQoe() throws Exception {
    assumeTrue(BROWSER.skipReason() == null, BROWSER.skipReason());
    CmcdBrowser.Run run = BROWSER.play("dash", "dash.js", "5.2.1", "/dash/manifest.mpd", "");
    List<EventType> types = run.events().stream().map(PlaybackEvent::getEventType).toList();
    assertThat(types).as("dash.js's play states: starting, playing, ended")
        .containsSubsequence(EventType.PLAY, EventType.PLAYING, EventType.ENDED);
    // dash.js sends br=(<video>;v <audio>;a): ingest takes the ;v item, the MPD's video bandwidth
    CmcdBrowser.assertPlayedToItsEnd(run.view(), TestStream.VIDEO_BPS / 1000.0);
    assertThat(run.view().getRebufferCount()).as("dash.js's sta=r before the first frame is startup, not a stall")
        .isZero();
  }
}
