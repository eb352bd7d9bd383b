package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.catalog.Availability;
import io.ottplatform.serving.catalog.db.TitleDao;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The availability rule has a Java side ({@link Availability#isAvailable}, used by catalog, playback
 * and recommendations) and an SQL side ({@link Availability#OPEN_WINDOW_SQL}, in the browse and search
 * queries). Over one table of cases, each a title with one window, the real PostgreSQL (through
 * {@link TitleDao#browse}, the query viewers hit) and the Java rule (over the window as the database
 * gives it back) must give the same answer, and the expected one.
 */
class AvailabilityRuleIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();

  private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MICRO = Duration.ofNanos(1000);

  private static TitleDao titles;

  @BeforeAll
  static void migrate() throws Exception {
    System.setProperty("dw.database.url", DB.jdbcUrl());
    try {
      new ServingApplication().run("db", "migrate", ServingApp.CONFIG);
    } finally {
      System.clearProperty("dw.database.url");
    }
    titles = new TitleDao(Jdbi.create(DB.jdbcUrl(), DB.user(), DB.password()));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // stored country, starts, ends, asked country, now, expected
        Arguments.of("open in the country", "DE", T.minus(HOUR), T.plus(HOUR), "DE", T, true),
        Arguments.of("another country", "DE", T.minus(HOUR), T.plus(HOUR), "AT", T, false),
        Arguments.of("starts now: open", "DE", T, T.plus(HOUR), "DE", T, true),
        Arguments.of("ends now: closed", "DE", T.minus(HOUR), T, "DE", T, false),
        Arguments.of("starts a microsecond later", "DE", T.plus(MICRO), T.plus(HOUR), "DE", T, false),
        Arguments.of("ends a microsecond later", "DE", T.minus(HOUR), T.plus(MICRO), "DE", T, true),
        Arguments.of("over", "DE", T.minus(HOUR.multipliedBy(2)), T.minus(HOUR), "DE", T, false),
        Arguments.of("not yet", "DE", T.plus(HOUR), T.plus(HOUR.multipliedBy(2)), "DE", T, false),
        Arguments.of("country case matters", "de", T.minus(HOUR), T.plus(HOUR), "DE", T, false),
        Arguments.of("char(2) blank padding is ignored", "D", T.minus(HOUR), T.plus(HOUR), "D", T, true),
        Arguments.of("unknown country", "DE", T.minus(HOUR), T.plus(HOUR), null, T, false),
        Arguments.of("now 400 ns before the end rounds down: open", "DE", T.minus(HOUR), T.plus(MICRO), "DE",
            T.plusNanos(400), true),
        Arguments.of("now 600 ns before the end rounds up to it: closed", "DE", T.minus(HOUR), T.plus(MICRO), "DE",
            T.plusNanos(600), false),
        Arguments.of("now 400 ns before the start rounds up to it: open", "DE", T, T.plus(HOUR), "DE",
            T.minusNanos(400), true),
        Arguments.of("now 600 ns before the start: closed", "DE", T, T.plus(HOUR), "DE", T.minusNanos(600), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sqlAndJavaAgree(String name, String storedCountry, Instant starts, Instant ends, String askedCountry,
      Instant now, boolean expected) {
    String id = "tt-" + UUID.randomUUID();
    titles.jdbi().useTransaction(h -> {
      titles.insert(h, new TitleRow(id, "movie", name, "", null, null, null, 2020, 60_000L, "ALL", 0, List.of(),
          List.of(), List.of(), "[]", List.of(), List.of(), 1, T));
      titles.replaceWindows(h, id, List.of(new WindowRow(storedCountry, starts, ends)));
    });

    boolean sql = titles.browse(18, askedCountry, now, 10_000).stream().anyMatch(t -> t.id().equals(id));
    boolean java = Availability.isAvailable(titles.windows(id), askedCountry, now);

    assertThat(sql).as("PostgreSQL: %s", name).isEqualTo(expected);
    assertThat(java).as("Java: %s", name).isEqualTo(expected);
  }
}
