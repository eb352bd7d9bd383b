package io.ottplatform.serving.dashboard.api;

import java.time.LocalDate;
import java.util.List;

/** {@code GET /v1/dashboard/lake/engagement}: the top titles by minutes watched, or why there are none. */
public record EngagementAnswer(LocalDate from, LocalDate to, boolean available, String unavailableReason,
    List<TitleEngagement> titles) {}
