package io.ottplatform.serving.dashboard.db;

import io.ottplatform.serving.dashboard.QueryRange;
import io.ottplatform.serving.dashboard.ViewsCursor;

/** Which views the list shows: ended in the range, optionally of one title, CDN and country; null means any. */
public record ViewsFilter(QueryRange range, String titleId, String cdn, String country, ViewsCursor after,
    int limit) {}
