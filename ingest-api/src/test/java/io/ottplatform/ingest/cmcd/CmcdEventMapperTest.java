package io.ottplatform.ingest.cmcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.ingest.core.ValidEvent;
import io.ottplatform.ingest.sfv.StructuredFields;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One CMCD v2 event report to one event: each CTA-5004-B key ingest reads, and each refusal naming its key. */
class CmcdEventMapperTest {

  static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");
  static final long TS = NOW.toEpochMilli() - 1_000;
  static final CmcdEventMapper MAPPER = new CmcdEventMapper(Duration.ofMinutes(5), Duration.ofHours(24));
  static final CmcdEventMapper.Player PLAYER = new CmcdEventMapper.Player("dash.js", "5.2.1");

  static ValidEvent map(String line) throws Exception {
    return MAPPER.map(StructuredFields.parseDictionary(line), "sess-1", PLAYER, NOW);
  }

  static String report(String keys) {
    return keys + ",sid=\"sess-1\",sn=7,ts=" + TS + ",v=2";
  }

  @ParameterizedTest
  @CsvSource({"s,PLAY", "p,PLAYING", "k,SEEK_START", "r,REBUFFER_START", "a,PAUSE", "w,PAUSE", "e,ENDED",
      "f,ERROR", "q,VIEW_END", "d,PLAYER_READY"})
  void eachPlayStateBecomesItsTransition(String sta, EventType expected) throws Exception {
    ValidEvent e = map(report("e=ps,sta=" + sta));
    assertThat(e.eventType()).isEqualTo(expected);
    assertThat(e.sequence()).isEqualTo(7);
    assertThat(e.clientTsMs()).isEqualTo(TS);
    assertThat(e.errorFatal()).isEqualTo(expected == EventType.ERROR ? Boolean.TRUE : null);
  }

  @Test
  void theEventIdIsTheSameForTheSameSessionAndSequenceOnly() throws Exception {
    ValidEvent a = map(report("e=t"));
    ValidEvent b = map(report("e=t,bl=(1200)"));
    assertThat(a.eventId()).isEqualTo(b.eventId()).isEqualTo(CmcdEventMapper.eventId("sess-1", 7));
    assertThat(CmcdEventMapper.eventId("sess-1", 8)).isNotEqualTo(a.eventId());
    assertThat(CmcdEventMapper.eventId("sess-2", 7)).isNotEqualTo(a.eventId());
  }

  @Test
  void readsTheKeysThatTheContractHasAPlaceFor() throws Exception {
    ValidEvent e = map(report("br=(128;ot=a 4500;ot=v),bl=(900;ot=a 12000;ot=v),cdn=\"akamai\",e=bc,pt=93500,st=l"));
    assertThat(e.eventType()).isEqualTo(EventType.BITRATE_CHANGE);
    assertThat(e.bitrateKbps()).as("the video item of br").isEqualTo(4500);
    assertThat(e.bufferMs()).as("the video item of bl").isEqualTo(12000);
    assertThat(e.playheadMs()).isEqualTo(93_500L);
    assertThat(e.cdn()).isEqualTo("akamai");
    assertThat(e.streamType()).isEqualTo(StreamType.LIVE);
    assertThat(e.playerName()).isEqualTo("dash.js");
    assertThat(e.playerVersion()).isEqualTo("5.2.1");
    assertThat(map(report("br=(2999.6),e=bc")).bitrateKbps()).as("a decimal rounded").isEqualTo(3000);
    // dash.js 5.2.1 marks the object type with a bare parameter (CmcdDashJsBrowserIT's reports: br=(800;v 64;a))
    ValidEvent dash = map(report("br=(64;a 800;v),bl=(1900;a 900;v),e=bc"));
    assertThat(dash.bitrateKbps()).as("the ;v item of br").isEqualTo(800);
    assertThat(dash.bufferMs()).as("the ;v item of bl").isEqualTo(900);
    assertThat(map(report("e=t,st=v")).streamType()).isEqualTo(StreamType.VOD);
  }

  @Test
  void aBitrateOfZeroIsUnknownAndItsChangeCountsNothing() throws Exception {
    // what hls.js 1.7.4 sends for a media playlist without a master playlist's BANDWIDTH
    ValidEvent zero = map(report("br=(0),e=bc,sta=s"));
    assertThat(zero.eventType()).isEqualTo(EventType.HEARTBEAT);
    assertThat(zero.bitrateKbps()).isNull();
    assertThat(map(report("e=bc")).eventType()).isEqualTo(EventType.HEARTBEAT);
    assertThat(map(report("br=(0),e=t")).bitrateKbps()).isNull();
    assertBad(report("br=(-5),e=bc"), "br", "br must be between 0 and 1000000: -5");
  }

  @Test
  void errorsCarryThePlayersCodeAndAreFatalOnlyInStateFatal() throws Exception {
    ValidEvent nonFatal = map(report("e=e,ec=(\"bufferStalledError\"),sta=p"));
    assertThat(nonFatal.eventType()).isEqualTo(EventType.ERROR);
    assertThat(nonFatal.errorCode()).isEqualTo("bufferStalledError");
    assertThat(nonFatal.errorFatal()).isFalse();
    ValidEvent fatal = map(report("e=e,ec=(\"fragLoadError\" \"other\"),sta=f"));
    assertThat(fatal.errorCode()).isEqualTo("fragLoadError");
    assertThat(fatal.errorFatal()).isTrue();
    assertThat(map(report("e=ps,sta=f")).errorCode()).isEqualTo(CmcdEventMapper.UNKNOWN_ERROR);
  }

  @Test
  void aFailedMediaResponseIsANonFatalErrorAndAGoodOneAHeartbeat() throws Exception {
    ValidEvent failed = map(report("e=rr,rc=404,ttfb=20,url=\"https://cdn.example/seg3.m4s\""));
    assertThat(failed.eventType()).isEqualTo(EventType.ERROR);
    assertThat(failed.errorCode()).isEqualTo("http_404");
    assertThat(failed.errorFatal()).isFalse();
    assertThat(map(report("e=rr,rc=0")).errorCode()).as("no response at all").isEqualTo("http_0");
    ValidEvent ok = map(report("e=rr,rc=206,ttfb=20,ttlb=90"));
    assertThat(ok.eventType()).isEqualTo(EventType.HEARTBEAT);
    assertThat(ok.errorCode()).isNull();
  }

  @Test
  void timeIntervalsAndEveryOtherEventTypeChangeNoState() throws Exception {
    for (String e : new String[] {"t", "pr", "c", "b", "m", "um", "pe", "pc", "as", "ae", "abs", "abe", "sk", "ce",
        "someday-new"}) {
      assertThat(map(report("e=" + e)).eventType()).as(e).isEqualTo(EventType.HEARTBEAT);
    }
  }

  @Test
  void refusesAReportWithAMessageNamingTheKeyAndTheBadValue() {
    assertBad("e=ps,sid=\"sess-1\",ts=" + TS + ",v=2", "sn", "sn is required");
    assertBad("e=ps,sid=\"sess-1\",sn=1,v=2", "ts", "ts is required");
    assertBad("sid=\"sess-1\",sn=1,ts=" + TS + ",v=2", "e", "e is required");
    assertBad("e=t,sid=\"sess-1\",sn=1,ts=" + TS, "v", "v is required");
    assertBad("e=t,sid=\"sess-1\",sn=1,ts=" + TS + ",v=1", "v", "v=1: event-mode reports are CMCD version 2");
    assertBad(report("e=ps"), "sta", "needs sta");
    assertBad(report("e=ps,sta=z"), "sta", "sta=z is not a CMCD v2 player state");
    assertBad(report("e=\"ps\""), "e", "e must be a token, not the string \"ps\"");
    assertBad("e=t,sid=\"sess-1\",sn=\"3\",ts=" + TS + ",v=2", "sn", "sn must be an integer, not the string \"3\"");
    assertBad("e=t,sid=\"sess-1\",sn=-1,ts=" + TS + ",v=2", "sn", "sn must be between 0 and 100000000: -1");
    assertBad(report("e=t,br=(fast)"), "br", "br must hold numbers, not the token fast");
    assertBad(report("e=t,st=x"), "st", "st=x is not a CMCD stream type");
    assertBad(report("e=t,pt=(1 2)"), "pt", "pt must be a single value");
    assertBad("e=t,sid=1,sn=1,ts=" + TS + ",v=2", "sid", "sid must be a string, not the number 1");
    long old = NOW.minus(Duration.ofHours(25)).toEpochMilli();
    assertBad("e=t,sid=\"sess-1\",sn=1,ts=" + old + ",v=2", "ts", "is older than PT24H");
    long ahead = NOW.plus(Duration.ofMinutes(6)).toEpochMilli();
    assertBad("e=t,sid=\"sess-1\",sn=1,ts=" + ahead + ",v=2", "ts", "ahead of the server clock");
  }

  private static void assertBad(String line, String key, String message) {
    assertThatThrownBy(() -> map(line)).as(line).isInstanceOfSatisfying(CmcdEventMapper.Bad.class, bad -> {
      assertThat(bad.key()).isEqualTo(key);
      assertThat(bad.getMessage()).contains(message);
    });
  }
}
