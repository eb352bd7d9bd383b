package io.ottplatform.serving.catalog.api;

import java.util.List;

public record TitleView(String id, String kind, String name, String synopsis, String parentId,
    Integer seasonNumber, Integer episodeNumber, Integer releaseYear, Long durationMs, String maturityRating,
    List<String> genres, List<String> tags, List<String> cast, List<Artwork> artwork, List<String> audioTracks,
    List<String> subtitleTracks, List<AvailabilityWindow> availability, long version, List<TitleSummary> children) {}
