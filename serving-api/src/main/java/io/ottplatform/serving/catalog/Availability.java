package io.ottplatform.serving.catalog;

import io.ottplatform.serving.catalog.db.WindowRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The title availability rule, written once in Java for catalog, playback and recommendations, and
 * once in SQL ({@link #OPEN_WINDOW_SQL}) for the database-side filter of browse and search, side by
 * side so they are read together; {@code AvailabilityRuleIT} runs both over one table of cases on the
 * real PostgreSQL and requires the same answer.
 *
 * <p>A window is open in {@code country} at {@code now} when its country is {@code country} and
 * {@code starts_at <= now < ends_at}. Two details make Java agree with the database:
 * {@code availability_windows.country} is {@code char(2)}, which PostgreSQL compares without its
 * blank padding, so the Java side ignores trailing blanks too; and the database keeps microseconds, so
 * {@code now} is taken to the microsecond the way the JDBC driver sends it (rounded half up).
 */
public final class Availability {

  /**
   * The SQL twin of {@link #isOpenIn}, over a window aliased {@code w}, with the parameters
   * {@code :country} and {@code :now}.
   */
  public static final String OPEN_WINDOW_SQL = "w.country = :country AND w.starts_at <= :now AND w.ends_at > :now";

  private Availability() {}

  /** True when {@code window} is open in {@code country} at {@code now}. */
  public static boolean isOpenIn(WindowRow window, String country, Instant now) {
    return country != null && stripTrailingBlanks(window.country()).equals(country) && isOpen(window, now);
  }

  /** True when some window is open in {@code country} at {@code now}. */
  public static boolean isAvailable(List<WindowRow> windows, String country, Instant now) {
    for (WindowRow w : windows) {
      if (isOpenIn(w, country, now)) {
        return true;
      }
    }
    return false;
  }

  /** True when some window, open or not, is for {@code country} (tells "not now" from "not here"). */
  public static boolean hasWindowIn(List<WindowRow> windows, String country) {
    return windows.stream().anyMatch(w -> stripTrailingBlanks(w.country()).equals(country));
  }

  private static boolean isOpen(WindowRow w, Instant now) {
    Instant at = asStored(now);
    return !w.startsAt().isAfter(at) && w.endsAt().isAfter(at);
  }

  /** {@code t} at the database's precision, rounded as the PostgreSQL JDBC driver rounds what it sends. */
  static Instant asStored(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.MICROS);
    return t.getNano() % 1000 >= 500 ? down.plus(1, ChronoUnit.MICROS) : down;
  }

  private static String stripTrailingBlanks(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }
}
