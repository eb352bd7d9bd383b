package io.ottplatform.serving.dashboard.api;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /v1/dashboard/lake/qoe}: the lake's QoE per day (and per value of {@code by}), or why there is none
 * ({@code available} false: the lake is not configured or could not be queried).
 */
public record LakeQoeAnswer(LocalDate from, LocalDate to, String by, String title, boolean available,
    String unavailableReason, List<LakeQoeDay> days) {}
