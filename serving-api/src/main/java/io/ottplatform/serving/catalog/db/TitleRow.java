package io.ottplatform.serving.catalog.db;

import java.time.Instant;
import java.util.List;

/** A catalog row; {@code artworkJson} is the raw jsonb array of {kind,url}. */
public record TitleRow(String id, String kind, String name, String synopsis, String parentId,
    Integer seasonNumber, Integer episodeNumber, Integer releaseYear, Long durationMs,
    String maturityRating, int maturityLevel, List<String> genres, List<String> tags, List<String> cast,
    String artworkJson, List<String> audioTracks, List<String> subtitleTracks, long version, Instant updatedAt) {}
