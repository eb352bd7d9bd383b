package io.ottplatform.serving.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.admin.api.MediaAssetRequest;
import io.ottplatform.serving.catalog.api.Artwork;
import io.ottplatform.serving.catalog.api.AvailabilityWindow;
import io.ottplatform.serving.catalog.api.BrowseResponse;
import io.ottplatform.serving.catalog.api.SearchResponse;
import io.ottplatform.serving.catalog.api.TitleRequest;
import io.ottplatform.serving.catalog.api.TitleSummary;
import io.ottplatform.serving.catalog.api.TitleView;
import io.ottplatform.serving.catalog.db.MediaAssetRow;
import io.ottplatform.serving.catalog.db.MediaDao;
import io.ottplatform.serving.catalog.db.OutboxDao;
import io.ottplatform.serving.catalog.db.TitleDao;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.Ids;
import io.ottplatform.serving.common.MaturityRating;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;

/**
 * Catalog reads for viewers (browse rows, search, title details) and writes for editors. Every write
 * appends its outbox row in the same transaction, so Kafka sees exactly the committed changes.
 */
public final class CatalogService {

  private static final TypeReference<List<Artwork>> ARTWORK = new TypeReference<>() {};
  private static final int ROW_SIZE = 20;
  private static final int BROWSE_POOL = 400;
  /**
   * Browse rows depend only on (maturity ceiling, country), so they are cached briefly: the home
   * screen of every profile would otherwise run the same query. Writes on this instance clear the
   * cache; other instances see an edit after at most this long.
   */
  private static final Duration BROWSE_TTL = Duration.ofSeconds(2);
  private final Map<String, CachedRows> browseCache = new ConcurrentHashMap<>();
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  /**
   * The rows and their JSON, serialized once per entry ({@link BrowseBody}). When an entry expires,
   * the one request that wins {@code reloading} reloads it while the others keep answering from it
   * (so rows are at most {@link #BROWSE_TTL} plus one reload old); otherwise every request arriving
   * during the reload would run the same query and serialization again.
   */
  private record CachedRows(Instant expires, List<BrowseResponse.Row> rows, byte[] rowsJson, AtomicBoolean reloading) {}
  /** Bumped by every catalog write, so a reload that raced with a write does not re-cache older rows. */
  private final AtomicLong generation = new AtomicLong();

  private final TitleDao titles;
  private final OutboxDao outbox;
  private final MediaDao media;
  private final ObjectMapper json;
  private final Clock clock;

  public CatalogService(TitleDao titles, OutboxDao outbox, MediaDao media, ObjectMapper json, Clock clock) {
    this.titles = titles;
    this.outbox = outbox;
    this.media = media;
    this.json = json;
    this.clock = clock;
  }

  // ---- viewers

  public BrowseResponse browse(ProfileRow profile, Optional<String> country) {
    if (country.isEmpty()) {
      return new BrowseResponse(profile.id(), null, List.of());
    }
    return new BrowseResponse(profile.id(), country.get(), cachedRows(profile.maturityCeiling(), country.get()).rows());
  }

  /** {@link #browse} as its JSON body, with the rows serialized once per cache entry rather than per request. */
  public byte[] browseJson(ProfileRow profile, Optional<String> country) {
    if (country.isEmpty()) {
      return BrowseBody.render(profile.id(), null, BrowseBody.rows(json, List.of()));
    }
    return BrowseBody.render(profile.id(), country.get(),
        cachedRows(profile.maturityCeiling(), country.get()).rowsJson());
  }

  private CachedRows cachedRows(int ceiling, String country) {
    Instant now = clock.instant();
    String key = ceiling + "|" + country;
    CachedRows cached = browseCache.get(key);
    if (cached != null && (!cached.expires().isBefore(now) || !cached.reloading().compareAndSet(false, true))) {
      return cached; // fresh, or another request is reloading it (older by at most that one query)
    }
    long loadedAt = generation.get();
    CachedRows fresh;
    try {
      List<BrowseResponse.Row> rows = rows(ceiling, country, now);
      fresh = new CachedRows(now.plus(BROWSE_TTL), rows, BrowseBody.rows(json, rows), new AtomicBoolean());
    } catch (RuntimeException e) {
      if (cached != null) {
        cached.reloading().set(false); // the next request tries again rather than serving these rows forever
      }
      throw e;
    }
    if (generation.get() == loadedAt) {
      browseCache.put(key, fresh);
    }
    return fresh;
  }

  private List<BrowseResponse.Row> rows(int ceiling, String country, Instant now) {
    List<TitleRow> visible = titles.browse(ceiling, country, now, BROWSE_POOL);
    List<BrowseResponse.Row> rows = new ArrayList<>();
    rows.add(new BrowseResponse.Row("new", "New releases",
        visible.stream().limit(ROW_SIZE).map(this::summary).toList()));
    Map<String, List<TitleSummary>> byGenre = new LinkedHashMap<>();
    for (TitleRow t : visible) {
      for (String g : t.genres()) {
        List<TitleSummary> row = byGenre.computeIfAbsent(g, k -> new ArrayList<>());
        if (row.size() < ROW_SIZE) {
          row.add(summary(t));
        }
      }
    }
    byGenre.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
        .forEach(e -> rows.add(new BrowseResponse.Row("genre:" + e.getKey(), e.getKey(), List.copyOf(e.getValue()))));
    return List.copyOf(rows);
  }

  public SearchResponse search(ProfileRow profile, Optional<String> country, String typed, int limit) {
    Optional<String> q = SearchQuery.toTsQuery(typed);
    if (q.isEmpty() || country.isEmpty()) {
      return new SearchResponse(typed, List.of());
    }
    return new SearchResponse(typed, titles.search(q.get(), profile.maturityCeiling(), country.get(), clock.instant(), limit)
        .stream().map(this::summary).toList());
  }

  /**
   * A title as a viewer may see it: hidden (404) when above the profile's ceiling or not available
   * in the country now, exactly like browse and search. It shows only the windows that govern it in the
   * viewer's country (another country's launch dates and licences are not the viewer's business) and only
   * the children the profile could open too: within its ceiling and available in the country now.
   */
  public TitleView viewFor(ProfileRow profile, Optional<String> country, String id) {
    TitleRow t = titles.find(id).orElseThrow(() -> ApiException.notFound("title", id));
    Instant now = clock.instant();
    List<WindowRow> windows = effectiveWindows(t);
    if (t.maturityLevel() > profile.maturityCeiling() || country.isEmpty()
        || !Availability.isAvailable(windows, country.get(), now)) {
      throw ApiException.notFound("title", id);
    }
    String here = country.get();
    List<TitleRow> children = titles.children(t.id());
    Map<String, List<WindowRow>> childWindows = titles.windowsOf(children.stream().map(TitleRow::id).toList());
    List<TitleSummary> visibleChildren = children.stream()
        .filter(c -> c.maturityLevel() <= profile.maturityCeiling())
        // a child without windows of its own is governed by this title's (effectiveWindows)
        .filter(c -> Availability.isAvailable(childWindows.getOrDefault(c.id(), windows), here, now))
        .map(this::summary).toList();
    List<AvailabilityWindow> inCountry = windows.stream()
        .map(w -> new AvailabilityWindow(w.country().trim(), w.startsAt(), w.endsAt()))
        .filter(w -> w.country().equals(here)).toList();
    return view(t, inCountry, visibleChildren);
  }

  /** The windows that govern a title: its own, else its season's, else its series'. */
  public List<WindowRow> effectiveWindows(TitleRow title) {
    TitleRow current = title;
    for (int depth = 0; depth < 3 && current != null; depth++) {
      List<WindowRow> own = titles.windows(current.id());
      if (!own.isEmpty() || current.parentId() == null) {
        return own;
      }
      current = titles.find(current.parentId()).orElse(null);
    }
    return List.of();
  }

  // ---- editors

  /** A title as its editors see it: every country's windows, every child. */
  public TitleView editorView(String id) {
    TitleRow t = titles.find(id).orElseThrow(() -> ApiException.notFound("title", id));
    List<AvailabilityWindow> windows = titles.windows(t.id()).stream()
        .map(w -> new AvailabilityWindow(w.country().trim(), w.startsAt(), w.endsAt())).toList();
    return view(t, windows, titles.children(t.id()).stream().map(this::summary).toList());
  }

  public TitleView create(TitleRequest request, String editor) {
    checkHierarchy(request);
    String id = Ids.newId("tt");
    TitleRow row = toRow(id, request, 1);
    titles.jdbi().useTransaction(h -> {
      titles.insert(h, row);
      titles.replaceWindows(h, id, windows(request));
      appendUpsert(h, row, windows(request), editor);
    });
    changed();
    return editorView(id);
  }

  public TitleView update(String id, long expectedVersion, TitleRequest request, String editor) {
    checkHierarchy(request);
    if (id.equals(request.parentId())) {
      throw new ApiException(422, "invalid_parent", "a title cannot be its own parent");
    }
    TitleRow row = toRow(id, request, expectedVersion + 1);
    titles.jdbi().useTransaction(h -> {
      if (!titles.update(h, row, expectedVersion)) {
        throw versionConflict(h, id, expectedVersion);
      }
      titles.replaceWindows(h, id, windows(request));
      appendUpsert(h, row, windows(request), editor);
    });
    changed();
    return editorView(id);
  }

  public void delete(String id, long expectedVersion, String editor) {
    titles.jdbi().useTransaction(h -> {
      if (!titles.delete(h, id, expectedVersion)) {
        throw versionConflict(h, id, expectedVersion);
      }
      outbox.append(h, id, "DELETE", expectedVersion + 1, clock.instant(), editor, null);
    });
    changed();
  }

  public void attachMedia(String titleId, MediaAssetRequest request) {
    TitleRow t = titles.find(titleId).orElseThrow(() -> ApiException.notFound("title", titleId));
    if (!isPlayable(t)) {
      throw new ApiException(422, "not_playable", "media attaches to a movie or an episode, not a " + t.kind());
    }
    byte[] kid = request.keyIdHex() == null ? Ids.randomBytes(16) : HexFormat.of().parseHex(request.keyIdHex());
    byte[] key = request.keyHex() == null ? Ids.randomBytes(16) : HexFormat.of().parseHex(request.keyHex());
    media.upsert(new MediaAssetRow(titleId, request.mediaPath(), kid, key));
    changed();
  }

  /**
   * A media-pipeline job's published title, in the caller's transaction (the one that records the job's DONE
   * state): the media asset with its folder, key id, rungs and duration, the title's duration as a new version,
   * and that version's catalog change in the outbox. Checks the title before writing anything, so a refusal
   * ({@link ApiException}: not found, not playable) leaves the transaction usable.
   */
  public void attachPublished(Handle h, String titleId, String mediaPath, String keyIdHex, String renditionsJson,
      Long durationMs, String jobId) {
    TitleRow t = titles.find(h, titleId).orElseThrow(() -> ApiException.notFound("title", titleId));
    if (!isPlayable(t)) {
      throw new ApiException(422, "not_playable", "media attaches to a movie or an episode, not a " + t.kind());
    }
    byte[] kid = keyIdHex == null ? Ids.randomBytes(16) : HexFormat.of().parseHex(keyIdHex);
    media.upsertPublished(h, new MediaAssetRow(titleId, mediaPath, kid, Ids.randomBytes(16)), renditionsJson, durationMs,
        jobId);
    TitleRow updated = titles.setDuration(h, titleId, durationMs).orElseThrow(() -> ApiException.notFound("title", titleId));
    appendUpsert(h, updated, titles.windows(h, titleId), "media-pipeline job " + jobId);
    h.afterCommit(this::changed);
  }

  /** {@code listener} runs after every catalog write on this instance (caches of catalog data clear themselves). */
  public void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  private void changed() {
    generation.incrementAndGet();
    browseCache.clear();
    changeListeners.forEach(Runnable::run);
  }

  public static boolean isPlayable(TitleRow t) {
    return "movie".equals(t.kind()) || "episode".equals(t.kind());
  }

  private ApiException versionConflict(Handle h, String id, long expectedVersion) {
    Optional<TitleRow> current = titles.find(h, id);
    if (current.isEmpty()) {
      return ApiException.notFound("title", id);
    }
    return new ApiException(412, "version_mismatch",
        "title " + id + " is at version " + current.get().version() + ", not " + expectedVersion + "; reload and retry");
  }

  private void checkHierarchy(TitleRequest r) {
    boolean needsParent = "season".equals(r.kind()) || "episode".equals(r.kind());
    if (needsParent != (r.parentId() != null)) {
      throw new ApiException(422, "invalid_parent", needsParent
          ? r.kind() + " needs a parentId" : r.kind() + " cannot have a parentId");
    }
    if (r.parentId() != null) {
      TitleRow parent = titles.find(r.parentId())
          .orElseThrow(() -> new ApiException(422, "invalid_parent", "parent title not found: " + r.parentId()));
      String expected = "season".equals(r.kind()) ? "series" : "season";
      if (!expected.equals(parent.kind()) && !("episode".equals(r.kind()) && "series".equals(parent.kind()))) {
        throw new ApiException(422, "invalid_parent", "a " + r.kind() + " belongs to a " + expected + ", not a " + parent.kind());
      }
    }
    if (r.availability() != null) {
      for (AvailabilityWindow w : r.availability()) {
        if (!w.endsAt().isAfter(w.startsAt())) {
          throw new ApiException(422, "invalid_window", "window for " + w.country() + " ends before it starts");
        }
      }
    }
  }

  private void appendUpsert(Handle h, TitleRow row, List<WindowRow> windows, String editor) {
    TitleSnapshotJson snapshot = new TitleSnapshotJson(row.kind(), row.name(), row.parentId(), row.seasonNumber(),
        row.episodeNumber(), row.releaseYear(), row.durationMs(), row.maturityRating(), row.genres(), row.tags(),
        windows.stream().map(WindowRow::country).distinct().sorted().toList());
    outbox.append(h, row.id(), "UPSERT", row.version(), clock.instant(), editor, toJson(snapshot));
  }

  private TitleRow toRow(String id, TitleRequest r, long version) {
    MaturityRating rating = MaturityRating.parse(r.maturityRating())
        .orElseThrow(() -> ApiException.badRequest("invalid_maturity", "unknown rating: " + r.maturityRating()));
    return new TitleRow(id, r.kind(), r.name().strip(), Objects.requireNonNullElse(r.synopsis(), ""), r.parentId(),
        r.seasonNumber(), r.episodeNumber(), r.releaseYear(), r.durationMs(), rating.label(), rating.level(),
        list(r.genres()), list(r.tags()), list(r.cast()), toJson(list(r.artwork())), list(r.audioTracks()),
        list(r.subtitleTracks()), version, null);
  }

  private static List<WindowRow> windows(TitleRequest r) {
    return list(r.availability()).stream().map(w -> new WindowRow(w.country(), w.startsAt(), w.endsAt())).toList();
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  TitleSummary summary(TitleRow t) {
    return new TitleSummary(t.id(), t.kind(), t.name(), t.releaseYear(), t.maturityRating(), t.genres(), artwork(t));
  }

  private TitleView view(TitleRow t, List<AvailabilityWindow> windows, List<TitleSummary> children) {
    return new TitleView(t.id(), t.kind(), t.name(), t.synopsis(), t.parentId(), t.seasonNumber(), t.episodeNumber(),
        t.releaseYear(), t.durationMs(), t.maturityRating(), t.genres(), t.tags(), t.cast(), artwork(t),
        t.audioTracks(), t.subtitleTracks(), windows, t.version(), children);
  }

  private List<Artwork> artwork(TitleRow t) {
    try {
      return json.readValue(t.artworkJson(), ARTWORK);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("artwork of " + t.id() + " is not valid JSON", e);
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }
}
