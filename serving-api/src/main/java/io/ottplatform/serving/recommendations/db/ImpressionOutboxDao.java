package io.ottplatform.serving.recommendations.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.schemas.avro.RecommendationImpression;
import io.ottplatform.serving.common.OutboxSource;
import io.ottplatform.serving.common.Rows;
import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code rec_impressions} as the outbox of {@code recommendations.impressions} (keyed by profile id): the rows the
 * impression writer inserts are the entries, so an impression is relayed exactly when it was recorded, without a
 * second write on the request's path. The relay delivers at least once; the lake merges on the impression id (the
 * answer's request id).
 */
public final class ImpressionOutboxDao implements OutboxSource<RecommendationImpression> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, Integer>> SPLIT = new TypeReference<>() {};

  private final Jdbi jdbi;

  public ImpressionOutboxDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public List<Pending<RecommendationImpression>> lockUnsent(Handle h, int limit) {
    return h.createQuery("""
            SELECT id, served_at, request_id, profile_id, surface, arm, model_version, title_ids, experiment_id,
              split::text AS split
            FROM rec_impressions WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
        .bind("limit", limit)
        .map((rs, ctx) -> new Pending<>(rs.getLong("id"), rs.getString("profile_id"), RecommendationImpression.newBuilder()
            .setImpressionId(rs.getString("request_id")).setServedAt(Rows.instant(rs, "served_at"))
            .setProfileId(rs.getString("profile_id")).setSurface(rs.getString("surface")).setArm(rs.getString("arm"))
            .setModelVersion(rs.getString("model_version")).setTitleIds(titles(rs.getArray("title_ids")))
            .setExperimentId(rs.getString("experiment_id")).setSplit(split(rs.getString("split"))).build()))
        .list();
  }

  @Override
  public void markSent(Handle h, List<Long> ids) {
    h.createUpdate("UPDATE rec_impressions SET sent_at = now() WHERE id = ANY(:ids)")
        .bindArray("ids", Long.class, ids).execute();
  }

  /** The split as the jsonb column keeps it. */
  public static String splitJson(Map<String, Integer> split) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(split));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings to integers is always JSON", e);
    }
  }

  private static Map<String, Integer> split(String json) {
    try {
      return JSON.readValue(json, SPLIT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rec_impressions.split is not a JSON object of integers: " + json, e);
    }
  }

  private static List<String> titles(Array array) throws SQLException {
    return List.of((String[]) array.getArray());
  }
}
