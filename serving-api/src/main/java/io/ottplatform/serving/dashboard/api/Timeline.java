package io.ottplatform.serving.dashboard.api;

import java.util.List;

/**
 * A view's event timeline, or why there is none: the lake is not configured ({@code dashboard.trino.url}), could
 * not be queried, or has not landed the view's events yet (an empty list).
 */
public record Timeline(boolean available, String source, String unavailableReason, List<TimelineEvent> events) {

  public static Timeline unavailable(String reason) {
    return new Timeline(false, null, reason, List.of());
  }

  public static Timeline fromLake(String table, List<TimelineEvent> events) {
    return new Timeline(true, table, null, events);
  }
}
