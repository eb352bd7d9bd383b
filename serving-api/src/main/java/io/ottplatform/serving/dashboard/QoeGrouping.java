package io.ottplatform.serving.dashboard;

import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.QueryParams;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code by} of the QoE endpoint: the names the dashboard uses for the QoE job's dimensions. */
public enum QoeGrouping {
  CDN(QoeDimension.CDN), COUNTRY(QoeDimension.COUNTRY), DEVICE(QoeDimension.DEVICE_TYPE),
  PLAYER(QoeDimension.PLAYER), TITLE(QoeDimension.TITLE);

  private final QoeDimension dimension;

  QoeGrouping(QoeDimension dimension) {
    this.dimension = dimension;
  }

  public QoeDimension dimension() {
    return dimension;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code null} or blank: no grouping (only the global figures). */
  public static QoeGrouping parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    for (QoeGrouping g : values()) {
      if (g.id().equals(raw)) {
        return g;
      }
    }
    throw ApiException.badRequest("invalid_parameter", "by must be one of "
        + Arrays.stream(values()).map(QoeGrouping::id).collect(Collectors.joining(", ")) + ": "
        + QueryParams.abbreviate(raw));
  }
}
