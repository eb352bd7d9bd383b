package io.ottplatform.serving.api;

import java.util.List;

public record SearchResponse(String query, List<TitleSummary> results) {}
