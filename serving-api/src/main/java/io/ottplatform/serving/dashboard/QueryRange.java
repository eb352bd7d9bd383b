package io.ottplatform.serving.dashboard;

import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.QueryParams;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code [from, to)} of a dashboard query, from ISO-8601 instants ({@code 2026-12-05T06:00:00Z}). Without
 * {@code to} the range ends now; without {@code from} it starts {@code defaultLength} before {@code to}.
 */
public record QueryRange(Instant from, Instant to) {

  public QueryRange {
    if (!from.isBefore(to)) {
      throw ApiException.badRequest("invalid_parameter", "from must be before to: from=" + from + ", to=" + to);
    }
  }

  public static QueryRange parse(String rawFrom, String rawTo, Duration defaultLength, Duration maxLength,
      Instant now) {
    Instant to = rawTo == null || rawTo.isBlank() ? now : instant("to", rawTo);
    Instant from = rawFrom == null || rawFrom.isBlank() ? to.minus(defaultLength) : instant("from", rawFrom);
    QueryRange range = new QueryRange(from, to);
    if (Duration.between(from, to).compareTo(maxLength) > 0) {
      throw ApiException.badRequest("invalid_parameter", "from..to is longer than " + maxLength + ": from=" + from
          + ", to=" + to);
    }
    return range;
  }

  private static Instant instant(String name, String raw) {
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("invalid_parameter", name + " must be an ISO-8601 instant such as "
          + "2026-12-05T06:00:00Z: " + QueryParams.abbreviate(raw));
    }
  }
}
