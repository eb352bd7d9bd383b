package io.ottplatform.serving.dashboard.api;

import java.util.List;

/**
 * {@code GET /v1/dashboard/lake/engagement}: the top titles by minutes watched, or why there are none.
 *
 * <p>Days are ISO-8601 strings ({@code 2026-11-25}): the service's JSON would write a {@code LocalDate} as an
 * array.
 */
public record EngagementAnswer(String from, String to, boolean available, String unavailableReason,
    List<TitleEngagement> titles) {}
