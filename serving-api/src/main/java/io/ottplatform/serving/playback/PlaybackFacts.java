package io.ottplatform.serving.core;

import io.ottplatform.serving.config.PlansConfig;
import io.ottplatform.serving.db.ProfileRow;
import io.ottplatform.serving.db.TitleRow;
import io.ottplatform.serving.db.WindowRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything the playback policy needs to know, gathered before it decides. */
public record PlaybackFacts(String accountId, Optional<PlansConfig.Plan> plan, ProfileRow profile, TitleRow title,
    List<WindowRow> windows, boolean hasMedia, boolean deviceRegistered, Optional<String> country, Instant now) {}
