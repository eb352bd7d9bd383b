package io.ottplatform.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The documented analyst queries ({@code analyst-queries.sql}, quoted verbatim in docs/analytics.md):
 * one source for the docs, the Trino integration test and the benchmark.
 */
public final class AnalystQueries {

  public static final String RESOURCE = "/io/ottplatform/batch/analyst-queries.sql";

  /** One query; {@code layout} is {@code day}, {@code title}, {@code day+title}, {@code week} or {@code none}. */
  public record Query(String name, String question, String layout, String sql) {

    public boolean servedByLayout() {
      return !layout.equals("none");
    }

    /** The SQL with its parameters bound (as literals: Trino's JDBC driver binds no DATE arithmetic). */
    public String bind(LocalDate day, LocalDate weekStart, String titleId) {
      return sql.replace(":week_start", "DATE '" + weekStart + "'")
          .replace(":day", "DATE '" + day + "'")
          .replace(":title_id", "'" + titleId.replace("'", "''") + "'");
    }
  }

  private AnalystQueries() {}

  public static String text() {
    try (InputStream in = AnalystQueries.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Query> all() {
    List<Query> queries = new ArrayList<>();
    String[] blocks = text().split("(?m)^-- name: ");
    for (int i = 1; i < blocks.length; i++) {
      String[] lines = blocks[i].split("\n");
      String name = lines[0].trim();
      String question = null;
      String layout = null;
      StringBuilder sql = new StringBuilder();
      for (int l = 1; l < lines.length; l++) {
        String line = lines[l];
        if (line.startsWith("-- question: ")) {
          question = line.substring("-- question: ".length()).trim();
        } else if (line.startsWith("-- layout: ")) {
          layout = line.substring("-- layout: ".length()).trim();
        } else if (!line.isBlank()) {
          sql.append(line).append('\n');
        }
      }
      String statement = sql.toString().trim();
      if (question == null || layout == null || !statement.endsWith(";")) {
        throw new IllegalStateException("query " + name + " needs -- question:, -- layout: and SQL ending in ';'");
      }
      queries.add(new Query(name, question, layout, statement.substring(0, statement.length() - 1)));
    }
    return List.copyOf(queries);
  }

  public static Query named(String name) {
    return all().stream().filter(q -> q.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no analyst query named " + name));
  }
}
