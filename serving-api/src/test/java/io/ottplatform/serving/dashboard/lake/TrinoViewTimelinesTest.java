package io.ottplatform.serving.dashboard.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.serving.dashboard.api.Timeline;
import io.ottplatform.serving.dashboard.api.ViewQoe;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrinoViewTimelinesTest {

  @Test
  void theQueryReadsOneTitlesPartitionsAndShowsAResentEventOnce() {
    String sql = TrinoViewTimelines.sql("lake.raw.playback_events");
    assertThat(sql).contains("FROM lake.raw.playback_events", "title_id = ?", "session_id = ?",
        "event_date BETWEEN ? AND ?", "PARTITION BY event_id", "copy = 1", "ORDER BY sequence",
        "LIMIT " + TrinoViewTimelines.MAX_EVENTS);
  }

  @Test
  void anUnreachableLakeIsAnAnswerSayingSoWithoutTheDriversMessage() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // free, then closed: nothing listens there
    }
    TrinoViewTimelines lake = new TrinoViewTimelines(new TrinoQueries("jdbc:trino://127.0.0.1:" + closedPort,
        "ott-dashboard", Duration.ofSeconds(5)), "lake.raw.playback_events");

    Timeline t = lake.of(view());

    assertThat(t.available()).isFalse();
    assertThat(t.events()).isEmpty();
    assertThat(t.unavailableReason()).isEqualTo("the lake could not be queried; the service log has the reason")
        .doesNotContain("127.0.0.1").doesNotContain(String.valueOf(closedPort));
  }

  @Test
  void withoutALakeTheAnswerNamesTheSettingToSet() {
    Timeline t = ViewTimelines.unconfigured().of(view());
    assertThat(t.available()).isFalse();
    assertThat(t.unavailableReason()).contains("dashboard.trino.url");
  }

  private static ViewQoe view() {
    Instant end = Instant.parse("2026-12-05T06:00:00Z");
    return new ViewQoe("s-1", 1, "acc", "prof", "tt-1", "akamai", "DE", "desktop", "hls.js", "VOD",
        end.minusSeconds(600), end, "VIEW_END", 800L, false, false, false, null, 0, 0, 0, 0, 600_000, 600_000,
        2500.0, 0, 0, 0, 600_000L, 5_400_000L, 60, 0, end);
  }
}
