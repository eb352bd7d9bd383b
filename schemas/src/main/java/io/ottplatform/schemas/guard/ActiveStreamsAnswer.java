package io.ottplatform.schemas.guard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the concurrency guard answers for one account ({@code GET /accounts/{id}/streams}, see
 * {@link GuardApi}): {@code {"account_id":..,"active_streams":n,"limit":l,"may_start_another":bool,
 * "session_ids":[..]}}. The guard encodes with {@link #toJson()}, serving-api decodes with
 * {@link #parse(String)}, so the two sides cannot drift apart.
 *
 * <p>schemas knows no JSON engine (the guard runs without Jackson), so this type carries a small
 * strict codec for exactly this shape: every field is required and typed, counts are non-negative,
 * {@code active_streams} equals the number of session ids and {@code may_start_another} agrees with
 * them; fields this version does not know are skipped, so the guard may add fields without breaking
 * older clients.
 *
 * @param accountId the account asked for
 * @param activeStreams sessions with an event within the guard's activity window
 * @param limit the account's plan limit as the guard knows it (account.plans, or its default)
 * @param mayStartAnother whether one more stream stays within {@code limit}
 * @param sessionIds the active sessions, sorted
 */
public record ActiveStreamsAnswer(String accountId, int activeStreams, int limit, boolean mayStartAnother,
    List<String> sessionIds) {

  public ActiveStreamsAnswer {
    if (accountId == null || accountId.isEmpty()) {
      throw new IllegalArgumentException("account_id must not be empty: " + accountId);
    }
    if (sessionIds == null) {
      throw new IllegalArgumentException("session_ids must not be null");
    }
    sessionIds = List.copyOf(sessionIds);
    if (activeStreams != sessionIds.size()) {
      throw new IllegalArgumentException("active_streams " + activeStreams + " does not match "
          + sessionIds.size() + " session_ids " + sessionIds);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    if (mayStartAnother != (activeStreams < limit)) {
      throw new IllegalArgumentException("may_start_another " + mayStartAnother + " contradicts "
          + activeStreams + " active streams and limit " + limit);
    }
  }

  /** The answer for {@code sessionIds} active under {@code limit}; the derived fields computed once, here. */
  public static ActiveStreamsAnswer of(String accountId, List<String> sessionIds, int limit) {
    return new ActiveStreamsAnswer(accountId, sessionIds.size(), limit, sessionIds.size() < limit, sessionIds);
  }

  public String toJson() {
    StringBuilder out = new StringBuilder(96 + 40 * sessionIds.size());
    out.append("{\"account_id\":");
    Json.writeString(out, accountId);
    out.append(",\"active_streams\":").append(activeStreams)
        .append(",\"limit\":").append(limit)
        .append(",\"may_start_another\":").append(mayStartAnother)
        .append(",\"session_ids\":[");
    for (int i = 0; i < sessionIds.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Json.writeString(out, sessionIds.get(i));
    }
    return out.append("]}").toString();
  }

  /**
   * Reads an answer.
   *
   * @throws IllegalArgumentException naming the problem when {@code json} is not exactly this shape
   */
  public static ActiveStreamsAnswer parse(String json) {
    Object value = Json.parse(json);
    if (!(value instanceof Map<?, ?> fields)) {
      throw new IllegalArgumentException("guard answer is not a JSON object: " + Json.abbreviate(json));
    }
    List<?> ids = required(fields, "session_ids", List.class);
    List<String> sessionIds = new ArrayList<>(ids.size());
    for (Object id : ids) {
      if (!(id instanceof String s)) {
        throw new IllegalArgumentException("session_ids holds a non-string: " + id);
      }
      sessionIds.add(s);
    }
    return new ActiveStreamsAnswer(required(fields, "account_id", String.class),
        count(fields, "active_streams"), count(fields, "limit"),
        required(fields, "may_start_another", Boolean.class), sessionIds);
  }

  private static int count(Map<?, ?> fields, String name) {
    Object n = required(fields, name, Object.class);
    if (!(n instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " is not a non-negative integer: " + n);
    }
    return (int) (long) l;
  }

  private static <T> T required(Map<?, ?> fields, String name, Class<T> type) {
    Object v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("guard answer lacks " + name + " (or it is null); fields: "
          + new LinkedHashMap<>(fields).keySet());
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(name + " is not a " + type.getSimpleName() + ": " + v);
    }
    return type.cast(v);
  }
}
