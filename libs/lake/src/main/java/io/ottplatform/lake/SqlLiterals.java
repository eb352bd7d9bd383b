package io.ottplatform.lake;

import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;

/** Values written into Spark SQL text (partition filters, viewer ids), quoted the one way. */
public final class SqlLiterals {

  private SqlLiterals() {}

  /** {@code DATE '2026-11-24', DATE '2026-11-25'}: the body of a {@code view_date IN (...)} partition filter. */
  public static String dates(Collection<LocalDate> days) {
    return days.stream().map(d -> "DATE '" + d + "'").collect(Collectors.joining(", "));
  }

  /** A string literal, single quotes doubled. */
  public static String string(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
