package io.ottplatform.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.serving.common.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DashboardParamsTest {

  private static final Instant NOW = Instant.parse("2026-12-05T06:30:15Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MAX = Duration.ofDays(31);

  @Test
  void aRangeWithoutBoundsIsTheDefaultLengthEndingNow() {
    QueryRange r = QueryRange.parse(null, "", HOUR, MAX, NOW);
    assertThat(r.from()).isEqualTo(NOW.minus(HOUR));
    assertThat(r.to()).isEqualTo(NOW);
    assertThat(QueryRange.parse(null, "2026-12-01T00:00:00Z", HOUR, MAX, NOW).from())
        .isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
  }

  @Test
  void badRangesAre400sNamingTheParameterAndValue() {
    assertBad(() -> QueryRange.parse("2026-12-05T07:00:00Z", "2026-12-05T06:00:00Z", HOUR, MAX, NOW),
        "from must be before to: from=2026-12-05T07:00:00Z");
    assertBad(() -> QueryRange.parse("2026-12-05T06:00:00Z", "2026-12-05T06:00:00Z", HOUR, MAX, NOW),
        "from must be before to");
    assertBad(() -> QueryRange.parse("last tuesday", null, HOUR, MAX, NOW), "from must be an ISO-8601 instant");
    assertBad(() -> QueryRange.parse(null, "2026-12-05", HOUR, MAX, NOW), "to must be an ISO-8601 instant");
    assertBad(() -> QueryRange.parse("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", HOUR, MAX, NOW),
        "from..to is longer than PT744H");
  }

  @Test
  void aDayRangeWithoutBoundsIsTheDefaultDaysEndingToday() {
    LocalDate today = LocalDate.parse("2026-12-05");
    DayRange week = DayRange.parse(null, " ", 7, MAX, today);
    assertThat(week).isEqualTo(new DayRange(LocalDate.parse("2026-11-29"), today));
    assertThat(week.days()).isEqualTo(7);
    assertThat(DayRange.parse(null, "2026-11-25", 7, MAX, today).from()).isEqualTo(LocalDate.parse("2026-11-19"));
    assertThat(DayRange.parse("2026-11-25", "2026-11-25", 7, MAX, today).days()).as("one day: both ends included")
        .isEqualTo(1);
    assertThat(DayRange.parse("2026-11-01", "2026-12-01", 7, MAX, today).days()).as("31 days, the longest range")
        .isEqualTo(31);
  }

  @Test
  void badDayRangesAre400sNamingTheParameterAndValue() {
    LocalDate today = LocalDate.parse("2026-12-05");
    assertBad(() -> DayRange.parse("2026-11-26", "2026-11-25", 7, MAX, today),
        "from must not be after to: from=2026-11-26, to=2026-11-25");
    assertBad(() -> DayRange.parse("2026-11-25T00:00:00Z", null, 7, MAX, today),
        "from must be a UTC day such as 2026-11-25: 2026-11-25T00:00:00Z");
    assertBad(() -> DayRange.parse(null, "yesterday", 7, MAX, today), "to must be a UTC day such as 2026-11-25: yesterday");
    assertBad(() -> DayRange.parse("2026-11-01", "2026-12-02", 7, MAX, today),
        "from..to is longer than 31 days: from=2026-11-01, to=2026-12-02");
  }

  @Test
  void groupingsNameTheJobsDimensions() {
    assertThat(QoeGrouping.parse("device").dimension()).isEqualTo(QoeDimension.DEVICE_TYPE);
    assertThat(QoeGrouping.parse("player").dimension()).isEqualTo(QoeDimension.PLAYER);
    assertThat(QoeGrouping.parse(null)).as("no grouping: the global figures only").isNull();
    assertBad(() -> QoeGrouping.parse("CDN"), "by must be one of cdn, country, device, player, title: CDN");
    assertBad(() -> QoeGrouping.parse("global"), "by must be one of");
  }

  @Test
  void groupingsNameTheLakesColumns() {
    assertThat(QoeGrouping.parse("device").lakeColumn()).isEqualTo("device_type");
    assertThat(QoeGrouping.parse("player").lakeColumn()).isEqualTo("player_name");
    assertThat(QoeGrouping.parse("title").lakeColumn()).isEqualTo("title_id");
    assertThat(QoeGrouping.parse("cdn").lakeColumn()).isEqualTo("cdn");
  }

  @Test
  void aCursorRoundTripsToTheMicrosecondPostgresKeeps() {
    ViewsCursor c = new ViewsCursor(Instant.parse("2026-12-05T06:30:15.123456Z"), "s|with|bars");
    assertThat(ViewsCursor.decode(c.encode())).isEqualTo(c);
    assertThat(ViewsCursor.decode(null)).isNull();
    assertThat(ViewsCursor.decode(" ")).isNull();
  }

  @Test
  void aForeignCursorIsRefused() {
    assertBad(() -> ViewsCursor.decode("%%%"), "cursor is not a cursor this endpoint returned: %%%");
    assertBad(() -> ViewsCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("x|s".getBytes())),
        "cursor is not");
    assertBad(() -> ViewsCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("123".getBytes())),
        "cursor is not");
  }

  private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(ApiException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
  }
}
