package io.ottplatform.serving.recommendations.api;

import io.ottplatform.serving.catalog.api.Artwork;
import java.util.List;

/** One item of a recommendation list; {@code score} is the model's (null for catalog fallback items). */
public record RecommendedTitle(String id, String kind, String name, Integer releaseYear, String maturityRating,
    List<String> genres, List<Artwork> artwork, Float score, String source) {}
