package io.ottplatform.serving.catalog.api;

import java.util.List;

public record SearchResponse(String query, List<TitleSummary> results) {}
