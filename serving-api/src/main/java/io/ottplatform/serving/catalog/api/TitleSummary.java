package io.ottplatform.serving.catalog.api;

import java.util.List;

public record TitleSummary(String id, String kind, String name, Integer releaseYear, String maturityRating,
    List<String> genres, List<Artwork> artwork) {}
