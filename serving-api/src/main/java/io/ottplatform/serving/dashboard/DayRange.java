package io.ottplatform.serving.dashboard;

import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.QueryParams;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The UTC days {@code [from, to]} (both included) of a lake query: the lake's daily tables are partitioned by the
 * day a view started, so a lake range is whole days, not instants. Without {@code to} it ends today; without
 * {@code from} it starts {@code defaultDays - 1} days before {@code to}. At most as many days as the dashboard's
 * longest range ({@code dashboard.maxRange}) holds.
 */
public record DayRange(LocalDate from, LocalDate to) {

  public DayRange {
    if (from.isAfter(to)) {
      throw ApiException.badRequest("invalid_parameter", "from must not be after to: from=" + from + ", to=" + to);
    }
  }

  public static DayRange parse(String rawFrom, String rawTo, int defaultDays, Duration maxRange, LocalDate today) {
    LocalDate to = rawTo == null || rawTo.isBlank() ? today : day("to", rawTo);
    LocalDate from = rawFrom == null || rawFrom.isBlank() ? to.minusDays(defaultDays - 1L) : day("from", rawFrom);
    DayRange range = new DayRange(from, to);
    long maxDays = Math.max(1, maxRange.toDays());
    if (range.days() > maxDays) {
      throw ApiException.badRequest("invalid_parameter", "from..to is longer than " + maxDays + " days: from=" + from
          + ", to=" + to);
    }
    return range;
  }

  /** How many days the range covers. */
  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  private static LocalDate day(String name, String raw) {
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("invalid_parameter", name + " must be a UTC day such as 2026-11-25: "
          + QueryParams.abbreviate(raw));
    }
  }
}
