package io.ottplatform.serving.dashboard.api;

import java.util.List;

/**
 * {@code GET /v1/dashboard/lake/qoe}: the lake's QoE per day (and per value of {@code by}), or why there is none
 * ({@code available} false: the lake is not configured or could not be queried).
 *
 * <p>Days are ISO-8601 strings ({@code 2026-11-25}): the service's JSON would write a {@code LocalDate} as an
 * array.
 */
public record LakeQoeAnswer(String from, String to, String by, String title, boolean available,
    String unavailableReason, List<LakeQoeDay> days) {}
