package io.ottplatform.batch.titles;

import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.TitleSnapshot;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a batch of catalog changes into the rows of one SCD type 2 MERGE: per title, one {@code close} row that
 * ends the version the table holds as current, then one {@code open} row per upsert, each closed by the next
 * change of the batch. A delete opens nothing, so a deleted title has no current row.
 */
final class TitleVersions {

  static final String COLUMNS = """
      title_id STRING NOT NULL, kind STRING, name STRING, parent_id STRING, season_number INT, episode_number INT,
      release_year INT, duration_ms BIGINT, maturity_rating STRING, genres ARRAY<STRING>, tags ARRAY<STRING>,
      available_countries ARRAY<STRING>, version BIGINT NOT NULL, change_id BIGINT NOT NULL, changed_by STRING,
      valid_from TIMESTAMP_NTZ NOT NULL, valid_to TIMESTAMP_NTZ, is_current BOOLEAN NOT NULL,
      closed_by_change_id BIGINT, landed_at TIMESTAMP_NTZ NOT NULL""";

  private static final StructType TABLE = StructType.fromDDL(COLUMNS.replace(" NOT NULL", ""));

  /** {@code action} ({@code open} or {@code close}) then the table's columns, all nullable. */
  static final StructType MERGE_SCHEMA;

  static {
    StructType s = new StructType().add("action", DataTypes.StringType, false);
    for (StructField f : TABLE.fields()) {
      s = s.add(f.name(), f.dataType(), true);
    }
    MERGE_SCHEMA = s;
  }

  private TitleVersions() {}

  static List<Row> mergeRows(List<CatalogChange> changes, Map<String, Long> lastApplied, LocalDateTime landedAt) {
    Map<String, TreeMap<Long, CatalogChange>> byTitle = new TreeMap<>();
    for (CatalogChange c : changes) {
      // same change id twice (the relay re-sent it): the first copy stands
      byTitle.computeIfAbsent(c.getTitleId(), k -> new TreeMap<>()).putIfAbsent(c.getChangeId(), c);
    }
    List<Row> rows = new ArrayList<>();
    byTitle.forEach((titleId, all) -> {
      long last = lastApplied.getOrDefault(titleId, Long.MIN_VALUE);
      List<CatalogChange> todo = all.values().stream().filter(c -> c.getChangeId() > last)
          .sorted(Comparator.comparingLong(CatalogChange::getChangeId)).toList();
      if (todo.isEmpty()) {
        return;
      }
      CatalogChange first = todo.get(0);
      rows.add(close(titleId, first));
      for (int i = 0; i < todo.size(); i++) {
        CatalogChange c = todo.get(i);
        CatalogChange next = i + 1 < todo.size() ? todo.get(i + 1) : null;
        switch (c.getOperation()) {
          case UPSERT -> rows.add(open(c, next, landedAt));
          case DELETE -> { } // the version before it is closed by this change; nothing opens
          default -> throw new IllegalStateException("catalog change " + c.getChangeId() + " of title " + titleId
              + " has operation " + c.getOperation() + "; only UPSERT and DELETE are understood");
        }
      }
    });
    return rows;
  }

  static String merge(String table, String source) {
    List<String> cols = List.of(TABLE.fieldNames());
    return "MERGE INTO " + table + " t USING " + source + " s"
        + " ON t.title_id = s.title_id AND t.is_current AND s.action = 'close'"
        + " WHEN MATCHED THEN UPDATE SET t.valid_to = s.valid_to, t.is_current = false,"
        + " t.closed_by_change_id = s.closed_by_change_id"
        + " WHEN NOT MATCHED AND s.action = 'open' THEN INSERT (" + String.join(", ", cols) + ") VALUES ("
        + cols.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
  }

  private static LocalDateTime utc(CatalogChange c) {
    return LocalDateTime.ofInstant(c.getChangedAt(), ZoneOffset.UTC);
  }

  private static Row close(String titleId, CatalogChange by) {
    Object[] v = new Object[MERGE_SCHEMA.size()];
    v[0] = "close";
    v[index("title_id")] = titleId;
    v[index("change_id")] = by.getChangeId();
    v[index("valid_to")] = utc(by);
    v[index("closed_by_change_id")] = by.getChangeId();
    return RowFactory.create(v);
  }

  private static Row open(CatalogChange c, CatalogChange next, LocalDateTime landedAt) {
    TitleSnapshot t = c.getTitle();
    if (t == null) {
      throw new IllegalStateException("catalog change " + c.getChangeId() + " upserts title " + c.getTitleId()
          + " without its snapshot");
    }
    Object[] v = new Object[MERGE_SCHEMA.size()];
    v[0] = "open";
    v[index("title_id")] = c.getTitleId();
    v[index("kind")] = str(t.getKind());
    v[index("name")] = str(t.getName());
    v[index("parent_id")] = str(t.getParentId());
    v[index("season_number")] = t.getSeasonNumber();
    v[index("episode_number")] = t.getEpisodeNumber();
    v[index("release_year")] = t.getReleaseYear();
    v[index("duration_ms")] = t.getDurationMs();
    v[index("maturity_rating")] = str(t.getMaturityRating());
    v[index("genres")] = strings(t.getGenres());
    v[index("tags")] = strings(t.getTags());
    v[index("available_countries")] = strings(t.getAvailableCountries());
    v[index("version")] = c.getVersion();
    v[index("change_id")] = c.getChangeId();
    v[index("changed_by")] = str(c.getChangedBy());
    v[index("valid_from")] = utc(c);
    v[index("valid_to")] = next == null ? null : utc(next);
    v[index("is_current")] = next == null;
    v[index("closed_by_change_id")] = next == null ? null : next.getChangeId();
    v[index("landed_at")] = landedAt;
    return RowFactory.create(v);
  }

  private static int index(String column) {
    return MERGE_SCHEMA.fieldIndex(column);
  }

  private static String str(CharSequence s) {
    return s == null ? null : s.toString();
  }

  private static String[] strings(List<? extends CharSequence> list) {
    return list == null ? new String[0] : list.stream().map(CharSequence::toString).toArray(String[]::new);
  }
}
