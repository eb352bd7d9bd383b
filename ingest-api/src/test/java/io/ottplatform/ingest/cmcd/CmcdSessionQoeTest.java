package io.ottplatform.ingest.cmcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.ingest.core.EventAssembler;
import io.ottplatform.ingest.core.RequestContext;
import io.ottplatform.ingest.core.UserAgentClassifier;
import io.ottplatform.ingest.core.ValidEvent;
import io.ottplatform.ingest.support.CmcdSession;
import io.ottplatform.ingest.support.TestTokens;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The QoE that the platform's one calculator ({@link ViewQoeCalculator}, schemas) gives for the events a CMCD
 * session maps to, against figures computed by hand from the session's script ({@link CmcdSession#standardView}).
 */
class CmcdSessionQoeTest {

  static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");
  static final Instant START = NOW.minusSeconds(120);
  static final String SID = "3f6c2a8e-1b7d-4c55-9a0e-6d2f1e8b7c40";

  static List<PlaybackEvent> mapped(CmcdSession session) throws Exception {
    CmcdReportReader reader = new CmcdReportReader(512 * 1024, 300);
    CmcdEventMapper mapper = new CmcdEventMapper(Duration.ofMinutes(5), Duration.ofHours(24));
    byte[] body = session.body().getBytes(StandardCharsets.UTF_8);
    CmcdReportReader.Reports reports = reader.readBody("application/cmcd", null, Integer.toString(body.length),
        new ByteArrayInputStream(body));
    assertThat(reports.rejected()).isEmpty();
    PlaybackTokenClaims token = TestTokens.claims("prof-9", "acc-9", "title-42", SID, NOW, Duration.ofHours(6));
    RequestContext context = new RequestContext(NOW, null, "127.0.0.0/24", UserAgentClassifier.Classification.UNKNOWN);
    List<PlaybackEvent> events = new ArrayList<>();
    for (CmcdReportReader.Line line : reports.lines()) {
      ValidEvent e = mapper.map(line.report(), SID, new CmcdEventMapper.Player("hls.js", "1.7.4"), NOW);
      events.add(EventAssembler.assemble(e, token, context));
    }
    return events;
  }

  @Test
  void aCmcdSessionMapsToTheEventsOfItsPlayStates() throws Exception {
    List<PlaybackEvent> events = mapped(CmcdSession.standardView(SID, "title-42", START));

    assertThat(events).extracting(PlaybackEvent::getEventType).containsExactly(
        EventType.PLAYER_READY, EventType.HEARTBEAT, EventType.PLAY, EventType.BITRATE_CHANGE, EventType.PLAYING,
        EventType.HEARTBEAT, EventType.BITRATE_CHANGE, EventType.REBUFFER_START, EventType.PLAYING, EventType.PAUSE,
        EventType.PLAYING, EventType.SEEK_START, EventType.REBUFFER_START, EventType.PLAYING, EventType.HEARTBEAT,
        EventType.ENDED);
    assertThat(events).extracting(PlaybackEvent::getSequence).containsExactly(
        0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getSessionId()).isEqualTo(SID);
      assertThat(e.getTitleId()).as("the title comes from the token, not cid").isEqualTo("title-42");
      assertThat(e.getEventId()).isEqualTo(CmcdEventMapper.eventId(SID, e.getSequence()));
      assertThat(e.getPlayer().getName()).isEqualTo("hls.js");
    });
    assertThat(events.get(4).getBufferMs()).isEqualTo(4000);
    assertThat(events.get(5).getPlayheadMs()).isEqualTo(10_000L);
    assertThat(events.get(6).getBitrateKbps()).isEqualTo(3500);
    assertThat(events.get(0).getClientTs()).isEqualTo(START);
  }

  @Test
  void theQoeCalculatorGivesTheHandComputedQoeOfTheSession() throws Exception {
    ViewSummary v = ViewQoeCalculator.summarizeView(mapped(CmcdSession.standardView(SID, "title-42", START)),
        ViewEndReason.TIMEOUT);

    // by hand, in ms after START: play intent 1,000, first frame 1,800
    assertThat(v.getStartupTimeMs()).isEqualTo(800L);
    assertThat(v.getViewStartTs()).isEqualTo(START);
    assertThat(v.getViewEndTs()).isEqualTo(START.plusMillis(40_900));
    assertThat(v.getEndReason()).isEqualTo(ViewEndReason.ENDED);
    // playing 1,800-15,800, 17,000-20,000, 25,000-30,000, 30,900-40,900
    assertThat(v.getPlayingTimeMs()).isEqualTo(14_000L + 3_000 + 5_000 + 10_000);
    // the stall 15,800-17,000 counts; the one while seeking (30,000-30,900) does not
    assertThat(v.getRebufferCount()).isEqualTo(1);
    assertThat(v.getRebufferDurationMs()).isEqualTo(1_200L);
    assertThat(v.getRebufferingRatio()).isCloseTo(1_200.0 / (1_200 + 32_000), within(1e-12));
    // watch time: 40,900 minus the 5,000 paused
    assertThat(v.getWatchTimeMs()).isEqualTo(35_900L);
    assertThat(v.getRebufferFrequencyPerMin()).isCloseTo(1 / (35_900 / 60_000.0), within(1e-9));
    // 2,000 kbps over 1,800-12,800 (11 s of playing), 3,500 kbps over the other 21 s
    assertThat(v.getAvgBitrateKbps()).isCloseTo((11_000.0 * 2_000 + 21_000.0 * 3_500) / 32_000, within(1e-9));
    assertThat(v.getBitrateUpswitches()).isEqualTo(1);
    assertThat(v.getBitrateDownswitches()).isZero();
    assertThat(v.getExitBeforeVideoStart()).isFalse();
    assertThat(v.getVideoStartFailure()).isFalse();
    assertThat(v.getVideoPlaybackFailure()).isFalse();
    assertThat(v.getEventCount()).isEqualTo(16);
    assertThat(v.getMissingSequences()).isZero();
    assertThat(v.getTitleId()).isEqualTo("title-42");
    assertThat(v.getPlayerName()).isEqualTo("hls.js");
  }

  @Test
  void aFatalErrorBeforeTheFirstFrameIsAVideoStartFailureWithThePlayersCode() throws Exception {
    CmcdSession s = new CmcdSession(SID, "title-42", START)
        .state("s", 0)
        .state("f", 2_500, "ec=(\"manifestLoadError\")")
        .report("e", 2_501, "ec=(\"manifestLoadError\")", "sta=f");
    List<PlaybackEvent> events = mapped(s);
    assertThat(events).extracting(PlaybackEvent::getEventType)
        .containsExactly(EventType.PLAY, EventType.ERROR, EventType.ERROR);
    assertThat(events.get(1).getErrorFatal()).isTrue();
    assertThat(events.get(2).getErrorFatal()).as("an error report while in state f is fatal").isTrue();

    ViewSummary v = ViewQoeCalculator.summarizeView(events, ViewEndReason.TIMEOUT);
    assertThat(v.getVideoStartFailure()).isTrue();
    assertThat(v.getErrorCode()).isEqualTo("manifestLoadError");
    assertThat(v.getStartupTimeMs()).isNull();
    assertThat(v.getExitBeforeVideoStart()).isFalse();
  }

  @Test
  void aViewerWhoQuitsBeforeTheFirstFrameIsAnExitBeforeVideoStart() throws Exception {
    CmcdSession s = new CmcdSession(SID, "title-42", START).state("s", 0).interval(400).state("q", 6_000);
    ViewSummary v = ViewQoeCalculator.summarizeView(mapped(s), ViewEndReason.TIMEOUT);
    assertThat(v.getExitBeforeVideoStart()).isTrue();
    assertThat(v.getEndReason()).isEqualTo(ViewEndReason.VIEW_END);
    assertThat(v.getViewEndTs()).isEqualTo(START.plusMillis(6_000));
  }
}
