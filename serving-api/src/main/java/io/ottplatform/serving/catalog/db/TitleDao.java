package io.ottplatform.serving.catalog.db;

import io.ottplatform.serving.catalog.Availability;
import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Titles and their availability windows. Writes take the caller's {@link Handle} so the catalog
 * service can write the outbox row in the same transaction.
 */
public final class TitleDao {

  public static final RowMapper<TitleRow> MAPPER = (rs, ctx) -> new TitleRow(
      rs.getString("id"), rs.getString("kind"), rs.getString("name"), rs.getString("synopsis"),
      rs.getString("parent_id"), Rows.intOrNull(rs, "season_number"), Rows.intOrNull(rs, "episode_number"),
      Rows.intOrNull(rs, "release_year"), Rows.longOrNull(rs, "duration_ms"), rs.getString("maturity_rating"),
      rs.getInt("maturity_level"), Rows.strings(rs, "genres"), Rows.strings(rs, "tags"),
      Rows.strings(rs, "cast_members"), rs.getString("artwork"), Rows.strings(rs, "audio_tracks"),
      Rows.strings(rs, "subtitle_tracks"), rs.getLong("version"), Rows.instant(rs, "updated_at"));

  private static final RowMapper<WindowRow> WINDOW = (rs, ctx) -> new WindowRow(
      rs.getString("country"), Rows.instant(rs, "starts_at"), Rows.instant(rs, "ends_at"));

  /** Visible to a viewer: top-level, within the maturity ceiling, and in a window for the country now. */
  private static final String VISIBLE = """
      t.kind IN ('movie', 'series') AND t.maturity_level <= :ceiling
      AND EXISTS (SELECT 1 FROM availability_windows w WHERE w.title_id = t.id AND\s"""
      + Availability.OPEN_WINDOW_SQL + ")";

  private static final String SEARCH_VECTOR = "setweight(to_tsvector('simple', :name), 'A') || "
      + "setweight(to_tsvector('simple', :people), 'B') || setweight(to_tsvector('simple', :synopsis), 'C')";

  private final Jdbi jdbi;

  public TitleDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public void insert(Handle h, TitleRow row) {
    bindAll(h.createUpdate("""
        INSERT INTO titles (id, kind, name, synopsis, parent_id, season_number, episode_number, release_year,
          duration_ms, maturity_rating, maturity_level, genres, tags, cast_members, artwork, audio_tracks,
          subtitle_tracks, version, search)
        VALUES (:id, :kind, :name, :synopsis, :parentId, :season, :episode, :year, :duration, :rating, :level,
          :genres, :tags, :cast, CAST(:artwork AS jsonb), :audio, :subtitles, :version, """ + SEARCH_VECTOR + ")"), row)
        .execute();
  }

  /** @return false when the row is absent or its version is not {@code expectedVersion} */
  public boolean update(Handle h, TitleRow row, long expectedVersion) {
    return bindAll(h.createUpdate("""
        UPDATE titles SET kind = :kind, name = :name, synopsis = :synopsis, parent_id = :parentId,
          season_number = :season, episode_number = :episode, release_year = :year, duration_ms = :duration,
          maturity_rating = :rating, maturity_level = :level, genres = :genres, tags = :tags,
          cast_members = :cast, artwork = CAST(:artwork AS jsonb), audio_tracks = :audio,
          subtitle_tracks = :subtitles, version = :version, updated_at = now(), search = """ + SEARCH_VECTOR + """
        WHERE id = :id AND version = :expected"""), row)
        .bind("expected", expectedVersion).execute() == 1;
  }

  /**
   * The duration media-pipeline measured (null keeps the stored one), as a new version of the title; empty when
   * the title is gone.
   */
  public Optional<TitleRow> setDuration(Handle h, String id, Long durationMs) {
    return h.createQuery("""
            UPDATE titles SET duration_ms = COALESCE(:d, duration_ms), version = version + 1, updated_at = now() WHERE id = :id RETURNING *""")
        .bind("id", id).bind("d", durationMs).map(MAPPER).findOne();
  }

  public boolean delete(Handle h, String id, long expectedVersion) {
    return h.createUpdate("DELETE FROM titles WHERE id = :id AND version = :v")
        .bind("id", id).bind("v", expectedVersion).execute() == 1;
  }

  public void replaceWindows(Handle h, String titleId, List<WindowRow> windows) {
    h.createUpdate("DELETE FROM availability_windows WHERE title_id = :id").bind("id", titleId).execute();
    for (WindowRow w : windows) {
      h.createUpdate("INSERT INTO availability_windows (title_id, country, starts_at, ends_at) VALUES (:id, :c, :s, :e)")
          .bind("id", titleId).bind("c", w.country()).bind("s", w.startsAt()).bind("e", w.endsAt()).execute();
    }
  }

  public Optional<TitleRow> find(String id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  public Optional<TitleRow> find(Handle h, String id) {
    return h.createQuery("SELECT * FROM titles WHERE id = :id").bind("id", id).map(MAPPER).findOne();
  }

  public List<TitleRow> children(String parentId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM titles WHERE parent_id = :p ORDER BY season_number NULLS LAST, episode_number NULLS LAST, name")
        .bind("p", parentId).map(MAPPER).list());
  }

  public List<WindowRow> windows(String titleId) {
    return jdbi.withHandle(h -> windows(h, titleId));
  }

  public List<WindowRow> windows(Handle h, String titleId) {
    return h.createQuery("SELECT * FROM availability_windows WHERE title_id = :id ORDER BY country, starts_at")
        .bind("id", titleId).map(WINDOW).list();
  }

  /** The own windows of each of {@code titleIds} (a title without any is absent), in one query. */
  public Map<String, List<WindowRow>> windowsOf(List<String> titleIds) {
    if (titleIds.isEmpty()) {
      return Map.of();
    }
    Map<String, List<WindowRow>> byTitle = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery(
            "SELECT * FROM availability_windows WHERE title_id = ANY(:ids) ORDER BY title_id, country, starts_at")
        .bindArray("ids", String.class, titleIds)
        .map((rs, ctx) -> Map.entry(rs.getString("title_id"), WINDOW.map(rs, ctx)))
        .forEach(e -> byTitle.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
    return byTitle;
  }

  /** Visible top-level titles, newest first: the raw material of the browse rows. */
  public List<TitleRow> browse(int ceiling, String country, Instant now, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT t.* FROM titles t WHERE " + VISIBLE
            + " ORDER BY t.release_year DESC NULLS LAST, t.updated_at DESC LIMIT :limit")
        .bind("ceiling", ceiling).bind("country", country).bind("now", now).bind("limit", limit)
        .map(MAPPER).list());
  }

  /**
   * Full-text search: {@code tsquery} is already sanitized by the caller (terms joined by {@code &},
   * each with {@code :*} for prefix matching). Ranked by cover density, name hits weighted highest.
   */
  public List<TitleRow> search(String tsquery, int ceiling, String country, Instant now, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT t.* FROM titles t, to_tsquery('simple', :q) q WHERE t.search @@ q AND "
            + VISIBLE + " ORDER BY ts_rank_cd(t.search, q) DESC, t.name LIMIT :limit")
        .bind("q", tsquery).bind("ceiling", ceiling).bind("country", country).bind("now", now).bind("limit", limit)
        .map(MAPPER).list());
  }

  private static <S extends SqlStatement<S>> S bindAll(S s, TitleRow r) {
    String people = String.join(" ", r.cast()) + " " + String.join(" ", r.genres()) + " " + String.join(" ", r.tags());
    return s.bind("id", r.id()).bind("kind", r.kind()).bind("name", r.name()).bind("synopsis", r.synopsis())
        .bind("parentId", r.parentId()).bind("season", r.seasonNumber()).bind("episode", r.episodeNumber())
        .bind("year", r.releaseYear()).bind("duration", r.durationMs()).bind("rating", r.maturityRating())
        .bind("level", r.maturityLevel()).bindArray("genres", String.class, r.genres())
        .bindArray("tags", String.class, r.tags()).bindArray("cast", String.class, r.cast())
        .bind("artwork", r.artworkJson()).bindArray("audio", String.class, r.audioTracks())
        .bindArray("subtitles", String.class, r.subtitleTracks()).bind("version", r.version())
        .bind("people", people);
  }
}
