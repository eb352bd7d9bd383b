package io.ottplatform.serving.playback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.catalog.db.MediaAssetRow;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.playback.db.PlaybackFactsDao;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The catalog side of a playback decision (the title, the availability windows that govern it, its
 * packaged media), cached per title. These change only when an editor edits the catalog, yet were
 * read on every grant: two to four queries out of five. Edits on this instance clear the cache at
 * once ({@link CatalogService#onChange}); other instances see an edit after at most {@code ttl},
 * the same staleness the browse rows already accept. Missing titles are never cached, so a title
 * created elsewhere is playable as soon as it exists.
 */
public final class PlayableTitles {

  /** What playback needs to know about a title, as of when it was loaded. */
  public record PlayableTitle(TitleRow title, List<WindowRow> windows, Optional<MediaAssetRow> media) {}

  private final PlaybackFactsDao facts;
  private final CatalogService catalog;
  private final Cache<String, PlayableTitle> cache;

  public PlayableTitles(PlaybackFactsDao facts, CatalogService catalog, Duration ttl, long maxTitles) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("playable title cache ttl must not be negative: " + ttl);
    }
    this.facts = facts;
    this.catalog = catalog;
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxTitles).build();
    catalog.onChange(cache::invalidateAll);
  }

  public Optional<PlayableTitle> find(String titleId) {
    return Optional.ofNullable(cache.get(titleId, this::load)); // a null from load is not cached
  }

  private PlayableTitle load(String titleId) {
    return facts.playable(titleId)
        .map(p -> new PlayableTitle(p.title(), List.copyOf(catalog.effectiveWindows(p.title())), p.media()))
        .orElse(null);
  }
}
