package io.ottplatform.serving.recommendations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.serving.catalog.Availability;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.catalog.api.Artwork;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao.TitleFactRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao.TitleWindowRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of what the recommendation rules need to know about every title: maturity,
 * genres, duration, its effective availability windows and what a list item shows. Windows are kept
 * (not a per-country yes/no) so a window that opens or closes between two reloads is honoured at once.
 */
public final class CatalogFacts {

  private static final TypeReference<List<Artwork>> ARTWORK = new TypeReference<>() {};

  /** One title as the rules see it; {@code windows} are the effective ones (own, else season's, else series'). */
  public record Title(String id, String kind, String name, Integer releaseYear, String maturityRating,
      int maturityLevel, List<String> genres, List<Artwork> artwork, Long durationMs, List<WindowRow> windows) {

    /** The first genre listed; the diversity rule counts titles by it. */
    public String primaryGenre() {
      return genres.isEmpty() ? null : genres.get(0);
    }

    public boolean availableIn(String country, Instant now) {
      return Availability.isAvailable(windows, country, now);
    }

    boolean topLevel() {
      return "movie".equals(kind) || "series".equals(kind);
    }
  }

  public static final CatalogFacts EMPTY = new CatalogFacts(Map.of(), List.of(), 0, Instant.EPOCH);

  private final Map<String, Title> byId;
  private final List<Title> newestFirst;
  private final long changeId;
  private final Instant loadedAt;

  private CatalogFacts(Map<String, Title> byId, List<Title> newestFirst, long changeId, Instant loadedAt) {
    this.byId = byId;
    this.newestFirst = newestFirst;
    this.changeId = changeId;
    this.loadedAt = loadedAt;
  }

  public static CatalogFacts of(List<TitleFactRow> titles, List<TitleWindowRow> windows, long changeId,
      Instant loadedAt, ObjectMapper json) {
    Map<String, List<WindowRow>> own = new HashMap<>();
    for (TitleWindowRow w : windows) {
      own.computeIfAbsent(w.titleId(), k -> new ArrayList<>()).add(w.window());
    }
    Map<String, TitleFactRow> rows = new HashMap<>();
    titles.forEach(t -> rows.put(t.id(), t));
    Map<String, Title> byId = new HashMap<>(titles.size() * 2);
    Map<String, Instant> updated = new HashMap<>();
    for (TitleFactRow t : titles) {
      byId.put(t.id(), new Title(t.id(), t.kind(), t.name(), t.releaseYear(), t.maturityRating(), t.maturityLevel(),
          List.copyOf(t.genres()), artwork(json, t), t.durationMs(), effectiveWindows(t, rows, own)));
      updated.put(t.id(), t.updatedAt() == null ? Instant.EPOCH : t.updatedAt());
    }
    // the same order as the browse "new releases" row: release year, then last edit
    Comparator<Title> newest = Comparator.comparing((Title t) -> t.releaseYear() == null ? Integer.MIN_VALUE : t.releaseYear())
        .thenComparing(t -> updated.get(t.id())).reversed().thenComparing(Title::id);
    List<Title> topLevel = byId.values().stream().filter(Title::topLevel).sorted(newest).toList();
    return new CatalogFacts(Map.copyOf(byId), topLevel, changeId, loadedAt);
  }

  /** Mirrors {@link CatalogService#effectiveWindows}: own windows, else the parent's, up to the series. */
  private static List<WindowRow> effectiveWindows(TitleFactRow title, Map<String, TitleFactRow> rows,
      Map<String, List<WindowRow>> own) {
    TitleFactRow current = title;
    for (int depth = 0; depth < 3 && current != null; depth++) {
      List<WindowRow> windows = own.get(current.id());
      if (windows != null || current.parentId() == null) {
        return windows == null ? List.of() : List.copyOf(windows);
      }
      current = rows.get(current.parentId());
    }
    return List.of();
  }

  private static List<Artwork> artwork(ObjectMapper json, TitleFactRow t) {
    try {
      return t.artworkJson() == null ? List.of() : List.copyOf(json.readValue(t.artworkJson(), ARTWORK));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("artwork of " + t.id() + " is not valid JSON", e);
    }
  }

  public Optional<Title> title(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Top-level titles (movies, series), newest first: the last-resort fallback. */
  public List<Title> newestFirst() {
    return newestFirst;
  }

  public int size() {
    return byId.size();
  }

  public long changeId() {
    return changeId;
  }

  public Instant loadedAt() {
    return loadedAt;
  }
}
