package io.ottplatform.batch.titles;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.batch.BatchRunner;
import io.ottplatform.batch.TestLake;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.land.KafkaOffsets;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ChangeOperation;
import io.ottplatform.schemas.avro.TitleSnapshot;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.testsupport.TrinoServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code land-titles} against a real broker, the real PostgreSQL catalog and a real Trino: a hand-built history
 * of one title (create, rename, genre change, delete) lands as its versions; a replay changes nothing; the
 * documented as-of and join queries return the names of the time. The tests build on each other's state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LandTitlesIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final TrinoServerExtension TRINO = new TrinoServerExtension(DB);

  static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant RENAMED = Instant.parse("2026-02-01T10:00:00Z");
  static final Instant REGENRED = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant DELETED = Instant.parse("2026-04-01T10:00:00Z");

  static final CatalogChange CREATE = upsert(1, "tt-1", 1, CREATED, "Night Train", List.of("drama"));
  static final CatalogChange RENAME = upsert(2, "tt-1", 2, RENAMED, "Night Train: Director's Cut", List.of("drama"));
  static final CatalogChange OTHER = upsert(3, "tt-2", 1, RENAMED, "Harbour Lights", List.of("documentary"));
  static final CatalogChange REGENRE = upsert(4, "tt-1", 3, REGENRED, "Night Train: Director's Cut",
      List.of("drama", "thriller"));
  static final CatalogChange DELETE = CatalogChange.newBuilder().setChangeId(5).setTitleId("tt-1")
      .setOperation(ChangeOperation.DELETE).setVersion(4).setChangedAt(DELETED).setChangedBy("editor").build();

  static BatchConfig config;
  static SparkSession spark;
  static List<String> historyAfterLanding;

  @BeforeAll
  static void startSpark() {
    config = TestLake.config(DB, TRINO.warehouse(), KAFKA.bootstrapServers());
    spark = TestLake.spark(config);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  static CatalogChange upsert(long changeId, String titleId, long version, Instant at, String name, List<String> genres) {
    TitleSnapshot title = TitleSnapshot.newBuilder().setKind("movie").setName(name).setReleaseYear(2024)
        .setDurationMs(5_400_000L).setMaturityRating("16").setGenres(genres).setTags(List.of())
        .setAvailableCountries(List.of("DE", "FR")).build();
    return CatalogChange.newBuilder().setChangeId(changeId).setTitleId(titleId).setOperation(ChangeOperation.UPSERT)
        .setVersion(version).setChangedAt(at).setChangedBy("editor").setTitle(title).build();
  }

  static void produce(CatalogChange... changes) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, CatalogChange> producer = new KafkaProducer<>(p,
        Topics.CATALOG_CHANGES.keySerde().serializer(), Topics.CATALOG_CHANGES.valueSerde().serializer())) {
      for (CatalogChange c : changes) {
        producer.send(new ProducerRecord<>(Topics.CATALOG_CHANGES.name(), c.getTitleId(), c));
      }
      producer.flush();
    }
  }

  static LandTitlesJob.Result landTitles() {
    return new BatchRunner(spark, config, Clock.systemUTC()).landTitles();
  }

  static String titles() {
    return config.table(LakeTables.DIM_TITLES);
  }

  /** The table as text, one line per version, without the landing time. */
  static List<String> history() {
    List<String> lines = new ArrayList<>();
    for (Row r : spark.sql("SELECT title_id, name, array_join(genres, '|'), maturity_rating, release_year, version, "
        + "change_id, valid_from, valid_to, is_current, closed_by_change_id FROM " + titles()
        + " ORDER BY title_id, valid_from").collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        cells.add(String.valueOf(r.get(i)));
      }
      lines.add(String.join(" ; ", cells));
    }
    return lines;
  }

  @Test
  @Order(1)
  void createRenameGenreChangeAndDeleteLandAsTheTitlesHistory() {
    produce(CREATE, RENAME);
    LandTitlesJob.Result first = landTitles();
    assertThat(first.changes()).isEqualTo(2);
    assertThat(first.applied()).isEqualTo(2);
    assertThat(history()).containsExactly(
        "tt-1 ; Night Train ; drama ; 16 ; 2024 ; 1 ; 1 ; 2026-01-01T10:00 ; 2026-02-01T10:00 ; false ; 2",
        "tt-1 ; Night Train: Director's Cut ; drama ; 16 ; 2024 ; 2 ; 2 ; 2026-02-01T10:00 ; null ; true ; null");

    // the next run closes the version an earlier run left current
    produce(OTHER, REGENRE, DELETE);
    LandTitlesJob.Result second = landTitles();
    assertThat(second.from()).isEqualTo(first.to());
    assertThat(second.applied()).isEqualTo(3);
    assertThat(history()).containsExactly(
        "tt-1 ; Night Train ; drama ; 16 ; 2024 ; 1 ; 1 ; 2026-01-01T10:00 ; 2026-02-01T10:00 ; false ; 2",
        "tt-1 ; Night Train: Director's Cut ; drama ; 16 ; 2024 ; 2 ; 2 ; 2026-02-01T10:00 ; 2026-03-01T10:00 ; false ; 4",
        "tt-1 ; Night Train: Director's Cut ; drama|thriller ; 16 ; 2024 ; 3 ; 4 ; 2026-03-01T10:00 ; 2026-04-01T10:00 ; false ; 5",
        "tt-2 ; Harbour Lights ; documentary ; 16 ; 2024 ; 1 ; 3 ; 2026-02-01T10:00 ; null ; true ; null");
    assertThat(Lake.table(spark, config.lake(), LakeTables.DIM_TITLES).currentSnapshot().summary()
        .get(KafkaOffsets.summaryKey(Topics.CATALOG_CHANGES.name())))
        .as("the offsets are in the snapshot of the MERGE").isEqualTo(second.to().encode());
    historyAfterLanding = history();
  }

  @Test
  @Order(2)
  void replayedChangesAndARerunLeaveTheTableAsItWas() {
    long snapshots = spark.sql("SELECT count(*) FROM " + titles() + ".snapshots").first().getLong(0);
    LandTitlesJob.Result idle = landTitles();
    assertThat(idle.changes()).isZero();
    assertThat(spark.sql("SELECT count(*) FROM " + titles() + ".snapshots").first().getLong(0))
        .as("nothing new, nothing committed").isEqualTo(snapshots);

    // the outbox relay sends the whole history again (after a crash before it marked them sent)
    produce(CREATE, RENAME, OTHER, REGENRE, DELETE);
    LandTitlesJob.Result replay = landTitles();
    assertThat(replay.changes()).isEqualTo(5);
    assertThat(replay.applied()).isZero();
    assertThat(replay.to().total()).isEqualTo(idle.to().total() + 5);
    assertThat(history()).isEqualTo(historyAfterLanding);
    assertThat(landTitles().from()).as("the replay's offsets were committed").isEqualTo(replay.to());
  }

  /** As docs/analytics.md shows it: the title's name and genres as of a moment. */
  static final String AS_OF = """
      SELECT name, array_join(genres, ', ') AS genres
      FROM lake.dim.titles
      WHERE title_id = '%s'
        AND valid_from <= TIMESTAMP '%s'
        AND (valid_to IS NULL OR valid_to > TIMESTAMP '%s')""";

  /** As docs/analytics.md shows it: daily engagement with the name and genres the title had at the day's end. */
  static final String ENGAGEMENT_WITH_NAMES = """
      SELECT e.view_date, e.title_id, t.name, array_join(t.genres, ', ') AS genres, e.views, e.minutes_watched
      FROM lake.analytics.title_engagement_daily e
      LEFT JOIN lake.dim.titles t
        ON t.title_id = e.title_id
       AND t.valid_from < CAST(e.view_date + INTERVAL '1' DAY AS timestamp(6))
       AND (t.valid_to IS NULL OR t.valid_to >= CAST(e.view_date + INTERVAL '1' DAY AS timestamp(6)))
      WHERE e.view_date BETWEEN DATE '2026-01-01' AND DATE '2026-03-31'
      ORDER BY e.view_date, e.views DESC""";

  static List<Map<String, Object>> trino(String sql) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = TRINO.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static List<Map<String, Object>> asOf(String titleId, String ts) throws Exception {
    return trino(AS_OF.formatted(titleId, ts, ts));
  }

  @Test
  @Order(3)
  void trinoAnswersAsOfQueriesAndJoinsTheDailyAggregatesToNamesAndGenres() throws Exception {
    assertThat(asOf("tt-1", "2026-01-15 00:00:00")).containsExactly(Map.of("name", "Night Train", "genres", "drama"));
    assertThat(asOf("tt-1", "2026-02-15 12:00:00"))
        .containsExactly(Map.of("name", "Night Train: Director's Cut", "genres", "drama"));
    assertThat(asOf("tt-1", "2026-03-01 10:00:00")).as("a version starts at its change")
        .containsExactly(Map.of("name", "Night Train: Director's Cut", "genres", "drama, thriller"));
    assertThat(asOf("tt-1", "2026-04-02 00:00:00")).as("deleted").isEmpty();
    assertThat(asOf("tt-1", "2025-12-31 00:00:00")).as("not created yet").isEmpty();

    LakeTables.ensureAll(spark, config.lake());
    spark.sql("INSERT INTO " + config.table(LakeTables.TITLE_ENGAGEMENT_DAILY) + " VALUES "
        + "(DATE '2026-01-15', 'tt-1', 10, 9, 8, 300.0, 5, 0.5, 0.6, array(1L)), "
        + "(DATE '2026-02-15', 'tt-1', 20, 18, 15, 600.0, 10, 0.5, 0.6, array(1L)), "
        + "(DATE '2026-02-15', 'tt-2', 7, 7, 7, 100.0, 3, 0.4, 0.5, array(1L)), "
        + "(DATE '2026-02-15', 'tt-unknown', 1, 1, 1, 1.0, 0, 0.0, 0.1, array(1L))");
    List<Map<String, Object>> rows = trino(ENGAGEMENT_WITH_NAMES);
    assertThat(rows).extracting(r -> r.get("view_date").toString() + " " + r.get("title_id") + " " + r.get("name")
        + " [" + r.get("genres") + "] " + r.get("views")).containsExactly(
        "2026-01-15 tt-1 Night Train [drama] 10",
        "2026-02-15 tt-1 Night Train: Director's Cut [drama] 20",
        "2026-02-15 tt-2 Harbour Lights [documentary] 7",
        "2026-02-15 tt-unknown null [null] 1");
  }

  @Test
  @Order(4)
  void docsAnalyticsQuotesBothQueriesVerbatim() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "analytics.md"));
    assertThat(docs).contains(AS_OF.formatted("tt-1", "2026-02-15 12:00:00", "2026-02-15 12:00:00") + ";");
    assertThat(docs).contains(ENGAGEMENT_WITH_NAMES + ";");
  }
}
