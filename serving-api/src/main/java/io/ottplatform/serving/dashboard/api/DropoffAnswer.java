package io.ottplatform.serving.dashboard.api;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /v1/dashboard/lake/titles/{titleId}/dropoff}: of the title's plays (views with a first frame, of known
 * duration) that started in the range, the share still watching at each 5 % of the title; or why there is none.
 */
public record DropoffAnswer(String titleId, LocalDate from, LocalDate to, boolean available,
    String unavailableReason, long plays, Long contentDurationMs, List<DropoffPoint> points) {}
