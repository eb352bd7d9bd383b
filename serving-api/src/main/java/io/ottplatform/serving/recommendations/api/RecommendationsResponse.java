package io.ottplatform.serving.recommendations.api;

import java.util.List;

/**
 * A recommendation list. {@code requestId}, {@code arm} and {@code modelVersion} are the ones recorded
 * in rec_impressions, so a client's later play of an item can be joined to what was shown.
 * {@code source} is where the first item came from: {@code personalized}, {@code popular} or
 * {@code catalog}. {@code titleId} is the anchor of a similar-titles list (null for "for you").
 */
public record RecommendationsResponse(String requestId, String surface, String profileId, String titleId,
    String country, String arm, String modelVersion, String source, List<RecommendedTitle> items) {}
