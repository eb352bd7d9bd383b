package io.ottplatform.serving.dashboard.api;

import java.util.List;

/**
 * {@code GET /v1/dashboard/lake/titles/{titleId}/dropoff}: of the title's plays (views with a first frame, of known
 * duration) that started in the range, the share still watching at each 5 % of the title; or why there is none.
 *
 * <p>Days are ISO-8601 strings ({@code 2026-11-25}): the service's JSON would write a {@code LocalDate} as an
 * array.
 */
public record DropoffAnswer(String titleId, String from, String to, boolean available,
    String unavailableReason, long plays, Long contentDurationMs, List<DropoffPoint> points) {}
