package io.ottplatform.serving.catalog.api;

import java.util.List;

public record BrowseResponse(String profileId, String country, List<Row> rows) {

  public record Row(String id, String name, List<TitleSummary> titles) {}
}
