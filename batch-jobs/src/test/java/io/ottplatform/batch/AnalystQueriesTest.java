package io.ottplatform.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AnalystQueriesTest {

  static final Path DOCS = Path.of("..", "docs", "analytics.md");

  @Test
  void everyQueryHasAQuestionALayoutAndBindsItsParameters() {
    assertThat(AnalystQueries.all()).hasSizeGreaterThanOrEqualTo(5);
    for (AnalystQueries.Query q : AnalystQueries.all()) {
      assertThat(q.layout()).isIn("none", "day", "title", "day+title", "week");
      String sql = q.bind(LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 23), "title-0001");
      assertThat(sql).as(q.name()).doesNotContain(":day", ":week_start", ":title_id").startsWith("SELECT");
    }
    assertThat(AnalystQueries.all()).filteredOn(AnalystQueries.Query::servedByLayout).isNotEmpty();
  }

  @Test
  void docsAnalyticsQuotesEveryQueryVerbatim() throws Exception {
    String docs = Files.readString(DOCS);
    for (AnalystQueries.Query q : AnalystQueries.all()) {
      assertThat(docs).as("docs/analytics.md has query %s as in analyst-queries.sql", q.name()).contains(q.sql() + ";");
      assertThat(docs).contains(q.question());
    }
  }
}
