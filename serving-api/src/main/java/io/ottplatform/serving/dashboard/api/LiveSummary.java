package io.ottplatform.serving.dashboard.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of {@code GET /v1/dashboard/stream}: the live window's figures, overall and by every grouping, and the
 * time the newest view summary was written (a page reloads its views list when that moves).
 */
public record LiveSummary(Instant at, Instant from, Instant to, QoeFigures global, Map<String, List<QoeFigures>> by,
    Instant latestViewUpdate) {}
