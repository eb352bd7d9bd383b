package io.ottplatform.serving.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a viewer typed into a safe {@code to_tsquery} string: only letter/digit runs survive
 * (so tsquery operators and SQL metacharacters cannot get through), each term is a prefix match
 * ({@code term:*}, for search-as-you-type) and all terms must match.
 */
public final class SearchQuery {

  private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final int MAX_TERMS = 8;

  private SearchQuery() {}

  public static Optional<String> toTsQuery(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    Matcher m = TERM.matcher(typed.toLowerCase(Locale.ROOT));
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (m.find() && n < MAX_TERMS) {
      if (n++ > 0) {
        sb.append(" & ");
      }
      sb.append(m.group()).append(":*");
    }
    return n == 0 ? Optional.empty() : Optional.of(sb.toString());
  }
}
