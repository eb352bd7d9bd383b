package io.ottplatform.serving.playback;

import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.config.PlansConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything the playback policy needs to know, gathered before it decides. */
public record PlaybackFacts(String accountId, Optional<PlansConfig.Plan> plan, ProfileRow profile, TitleRow title,
    List<WindowRow> windows, boolean hasMedia, boolean deviceRegistered, Optional<String> country, Instant now) {}
