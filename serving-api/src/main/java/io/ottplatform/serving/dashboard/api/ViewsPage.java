package io.ottplatform.serving.dashboard.api;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/dashboard/views}: newest view end first; {@code nextCursor} is null on the last page. */
public record ViewsPage(Instant from, Instant to, List<ViewQoe> views, String nextCursor) {}
