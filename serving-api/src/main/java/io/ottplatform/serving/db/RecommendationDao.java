package io.ottplatform.serving.db;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The recommender contract tables (serving side) and the catalog facts the request-time rules need.
 *
 * <p>A request runs exactly one statement: {@link #forYou} / {@link #similar} check that the profile
 * belongs to the caller, read its maturity ceiling, the model's ranked list and the titles the profile
 * finished, each part through a primary key. Everything else comes from memory.
 */
public final class RecommendationDao {

  /** A profile's side of a request: its ceiling, the model's ranked candidates, the titles it finished. */
  public record ProfileRecs(int maturityCeiling, List<String> titleIds, List<Float> scores, Set<String> finished) {}

  public record ArmRow(String arm, String modelVersion, int trafficPercent) {}

  public record PopularRow(String modelVersion, String country, String titleId, float score) {}

  public record TitleFactRow(String id, String kind, String name, String parentId, Integer releaseYear,
      Long durationMs, String maturityRating, int maturityLevel, List<String> genres, String artworkJson,
      Instant updatedAt) {}

  public record TitleWindowRow(String titleId, WindowRow window) {}

  public record ImpressionRow(Instant servedAt, String requestId, String profileId, String surface, String arm,
      String modelVersion, List<String> titleIds) {}

  /**
   * "Finished": at least 95 % of the duration reported with the progress, else of the title's own
   * duration (the same threshold continue-watching uses to drop a title).
   */
  private static final String PROFILE_AND_FINISHED = """
      SELECT p.maturity_ceiling, r.ids, r.scores, f.finished
      FROM profiles p
      LEFT JOIN LATERAL (%s) r ON true
      LEFT JOIN LATERAL (
        SELECT array_agg(w.title_id) AS finished FROM watch_progress w JOIN titles t ON t.id = w.title_id
        WHERE w.profile_id = p.id AND w.position_ms >= 0.95 * COALESCE(w.duration_ms, t.duration_ms)) f ON true
      WHERE p.id = :profile AND p.account_id = :account""";

  private static final String FOR_YOU = PROFILE_AND_FINISHED.formatted("""
      SELECT array_agg(title_id ORDER BY rank) AS ids, array_agg(score ORDER BY rank) AS scores
      FROM rec_profile_titles WHERE model_version = :version AND profile_id = p.id""");

  private static final String SIMILAR = PROFILE_AND_FINISHED.formatted("""
      SELECT array_agg(similar_title_id ORDER BY rank) AS ids, array_agg(score ORDER BY rank) AS scores
      FROM rec_similar_titles WHERE model_version = :version AND title_id = :title""");

  private final Jdbi jdbi;

  public RecommendationDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Empty when the profile does not exist or belongs to another account; {@code version} may be null (no model). */
  public Optional<ProfileRecs> forYou(String accountId, String profileId, String version) {
    return jdbi.withHandle(h -> h.createQuery(FOR_YOU)
        .bind("profile", profileId).bind("account", accountId).bind("version", version)
        .map((rs, ctx) -> profileRecs(rs)).findOne());
  }

  public Optional<ProfileRecs> similar(String accountId, String profileId, String version, String titleId) {
    return jdbi.withHandle(h -> h.createQuery(SIMILAR)
        .bind("profile", profileId).bind("account", accountId).bind("version", version).bind("title", titleId)
        .map((rs, ctx) -> profileRecs(rs)).findOne());
  }

  private static ProfileRecs profileRecs(ResultSet rs) throws SQLException {
    List<String> ids = Rows.strings(rs, "ids");
    Array scoresArray = rs.getArray("scores");
    List<Float> scores = new ArrayList<>(ids.size());
    if (scoresArray != null) {
      for (Object o : (Object[]) scoresArray.getArray()) {
        scores.add(((Number) o).floatValue());
      }
    }
    return new ProfileRecs(rs.getInt("maturity_ceiling"), ids, scores, Set.copyOf(Rows.strings(rs, "finished")));
  }

  public List<ArmRow> arms() {
    return jdbi.withHandle(h -> h.createQuery("SELECT arm, model_version, traffic_percent FROM rec_serving_arms ORDER BY arm")
        .map((rs, ctx) -> new ArmRow(rs.getString("arm"), rs.getString("model_version"), rs.getInt("traffic_percent")))
        .list());
  }

  public List<PopularRow> popular(Collection<String> versions) {
    if (versions.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT model_version, country, title_id, score FROM rec_popular_titles
            WHERE model_version = ANY(:versions) ORDER BY model_version, country, rank""")
        .bindArray("versions", String.class, List.copyOf(versions))
        .map((rs, ctx) -> new PopularRow(rs.getString("model_version"), rs.getString("country"),
            rs.getString("title_id"), rs.getFloat("score")))
        .list());
  }

  /** The newest catalog change id: a different value means the catalog snapshot is stale. */
  public long latestCatalogChange() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(max(id), 0) FROM catalog_outbox").mapTo(Long.class).one());
  }

  public List<TitleFactRow> titleFacts() {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT id, kind, name, parent_id, release_year, duration_ms, maturity_rating, maturity_level, genres,
              artwork, updated_at FROM titles""")
        .map((rs, ctx) -> new TitleFactRow(rs.getString("id"), rs.getString("kind"), rs.getString("name"),
            rs.getString("parent_id"), Rows.intOrNull(rs, "release_year"), Rows.longOrNull(rs, "duration_ms"),
            rs.getString("maturity_rating"), rs.getInt("maturity_level"), Rows.strings(rs, "genres"),
            rs.getString("artwork"), Rows.instant(rs, "updated_at")))
        .list());
  }

  public List<TitleWindowRow> windows() {
    return jdbi.withHandle(h -> h.createQuery("SELECT title_id, country, starts_at, ends_at FROM availability_windows")
        .map((rs, ctx) -> new TitleWindowRow(rs.getString("title_id"), new WindowRow(rs.getString("country").trim(),
            Rows.instant(rs, "starts_at"), Rows.instant(rs, "ends_at"))))
        .list());
  }

  public void insertImpressions(List<ImpressionRow> rows) {
    jdbi.useHandle(h -> {
      PreparedBatch batch = h.prepareBatch("""
          INSERT INTO rec_impressions (served_at, request_id, profile_id, surface, arm, model_version, title_ids)
          VALUES (:at, :request, :profile, :surface, :arm, :version, :titles)""");
      for (ImpressionRow r : rows) {
        batch.bind("at", r.servedAt()).bind("request", r.requestId()).bind("profile", r.profileId())
            .bind("surface", r.surface()).bind("arm", r.arm()).bind("version", r.modelVersion())
            .bindArray("titles", String.class, r.titleIds()).add();
      }
      batch.execute();
    });
  }
}
