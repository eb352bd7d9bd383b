package io.ottplatform.serving.dashboard.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/dashboard/qoe}: the whole range's figures and, with {@code by}, one entry per value. */
public record QoeAnswer(Instant from, Instant to, String by, QoeFigures global, List<QoeFigures> groups) {}
