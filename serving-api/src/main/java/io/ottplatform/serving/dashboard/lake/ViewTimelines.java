package io.ottplatform.serving.dashboard.lake;

import io.ottplatform.serving.dashboard.api.Timeline;
import io.ottplatform.serving.dashboard.api.ViewQoe;

/** Where a view's raw events come from. */
public interface ViewTimelines {

  Timeline of(ViewQoe view);

  /** No lake configured: every answer says so. */
  static ViewTimelines unconfigured() {
    return view -> Timeline.unavailable("no event timeline: the lake is not configured (dashboard.trino.url)");
  }
}
