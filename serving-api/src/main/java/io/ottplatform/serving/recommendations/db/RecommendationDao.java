package io.ottplatform.serving.recommendations.db;

import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.common.Rows;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The recommender contract tables (serving side) and the catalog facts the request-time rules need.
 *
 * <p>A request runs exactly one statement: {@link #profileFacts} checks that the profile belongs to the
 * caller and reads its maturity ceiling and the titles it finished, through primary keys. The model's
 * ranked lists are read once per version ({@link #model}); everything else comes from memory.
 */
public final class RecommendationDao {

  /** A profile's side of a request: its maturity ceiling and the titles it finished. */
  public record ProfileFacts(int maturityCeiling, Set<String> finished) {}

  public record ArmRow(String arm, String modelVersion, int trafficPercent) {}

  public record PopularRow(String modelVersion, String country, String titleId, float score) {}

  public record TitleFactRow(String id, String kind, String name, String parentId, Integer releaseYear,
      Long durationMs, String maturityRating, int maturityLevel, List<String> genres, String artworkJson,
      Instant updatedAt) {}

  public record TitleWindowRow(String titleId, WindowRow window) {}

  /**
   * One answer's impression; {@code experimentId} and {@code split} say which arm configuration served it (null and
   * empty without arms). The row is also the outbox entry relayed to {@code recommendations.impressions}.
   */
  public record ImpressionRow(Instant servedAt, String requestId, String profileId, String surface, String arm,
      String modelVersion, List<String> titleIds, String experimentId, Map<String, Integer> split) {}

  /**
   * Ownership, ceiling and "finished" in one round trip, through the two primary keys. "Finished": at
   * least 95 % of the duration reported with the progress, else of the title's own duration (the same
   * threshold continue-watching uses to drop a title). Read with every request, never cached, so a title
   * finished a moment ago (its progress committed before the request) is never recommended.
   */
  private static final String PROFILE_FACTS = """
      SELECT p.maturity_ceiling, ARRAY(
        SELECT w.title_id FROM watch_progress w JOIN titles t ON t.id = w.title_id
        WHERE w.profile_id = p.id AND w.position_ms >= 0.95 * COALESCE(w.duration_ms, t.duration_ms)) AS finished
      FROM profiles p WHERE p.id = :profile AND p.account_id = :account""";

  /** Rows of a model version are streamed this many at a time (a cursor), not held twice in memory. */
  private static final int MODEL_FETCH_SIZE = 10_000;

  private final Jdbi jdbi;

  public RecommendationDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Empty when the profile does not exist or belongs to another account. */
  public Optional<ProfileFacts> profileFacts(String accountId, String profileId) {
    return jdbi.withHandle(h -> h.createQuery(PROFILE_FACTS)
        .bind("profile", profileId).bind("account", accountId)
        .map((rs, ctx) -> new ProfileFacts(rs.getInt("maturity_ceiling"), Set.copyOf(Rows.strings(rs, "finished"))))
        .findOne());
  }

  /** Receives a model version's rows grouped by profile (title), in rank order. */
  public interface ModelRows {
    void forProfile(String profileId, String titleId, float score);

    void similarTo(String titleId, String similarTitleId, float score);
  }

  /**
   * All ranked lists of one version, in key and rank order (the primary key's order, so no sort), in
   * one transaction.
   */
  public void model(String version, ModelRows model) {
    jdbi.useTransaction(h -> { // a transaction also makes the fetch size a cursor instead of one big result
      h.createQuery("""
              SELECT profile_id, title_id, score FROM rec_profile_titles WHERE model_version = :version
              ORDER BY profile_id, rank""")
          .bind("version", version).setFetchSize(MODEL_FETCH_SIZE)
          .scanResultSet((rows, ctx) -> {
            ResultSet rs = rows.get();
            while (rs.next()) {
              model.forProfile(rs.getString(1), rs.getString(2), rs.getFloat(3));
            }
            return null;
          });
      h.createQuery("""
              SELECT title_id, similar_title_id, score FROM rec_similar_titles WHERE model_version = :version
              ORDER BY title_id, rank""")
          .bind("version", version).setFetchSize(MODEL_FETCH_SIZE)
          .scanResultSet((rows, ctx) -> {
            ResultSet rs = rows.get();
            while (rs.next()) {
              model.similarTo(rs.getString(1), rs.getString(2), rs.getFloat(3));
            }
            return null;
          });
    });
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
          INSERT INTO rec_impressions (served_at, request_id, profile_id, surface, arm, model_version, title_ids,
            experiment_id, split)
          VALUES (:at, :request, :profile, :surface, :arm, :version, :titles, :experiment, CAST(:split AS jsonb))""");
      for (ImpressionRow r : rows) {
        batch.bind("at", r.servedAt()).bind("request", r.requestId()).bind("profile", r.profileId())
            .bind("surface", r.surface()).bind("arm", r.arm()).bind("version", r.modelVersion())
            .bindArray("titles", String.class, r.titleIds()).bind("experiment", r.experimentId())
            .bind("split", ImpressionOutboxDao.splitJson(r.split())).add();
      }
      batch.execute();
    });
  }
}
