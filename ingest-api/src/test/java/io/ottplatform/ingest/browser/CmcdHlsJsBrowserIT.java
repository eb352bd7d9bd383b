package io.ottplatform.ingest.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ottplatform.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #13's acceptance test for CMCD: unmodified hls.js 1.7.4 (npm) with its CMCD v2 event mode pointed at the
 * real ingest-api plays a short HLS stream made by FFmpeg in headless Debian Chromium; its reports land in a real
 * Kafka broker as the session's events, and the platform's QoE calculator over them gives a view with a startup
 * time. The set-up, the run and the checks every player shares are {@link CmcdBrowser}'s.
 */
@Timeout(300)
class CmcdHlsJsBrowserIT {

  @RegisterExtension @Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(2) static final CmcdBrowser BROWSER = new CmcdBrowser(KAFKA);

  @Test
  void unmodifiedHlsJsWithCmcdEventModeProducesAViewWithQoe() throws Exception {
    assumeTrue(BROWSER.skipReason() == null, BROWSER.skipReason());
    CmcdBrowser.Run run = BROWSER.play("hls", "hls.js", "1.7.4", "/hls/master.m3u8", "");
    // the bitrate hls.js reported: the master playlist's BANDWIDTH
    CmcdBrowser.assertPlayedToItsEnd(run.view(), TestStream.BANDWIDTH / 1000.0);
  }
}
