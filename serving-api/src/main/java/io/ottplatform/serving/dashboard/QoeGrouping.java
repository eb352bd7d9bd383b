package io.ottplatform.serving.dashboard;

import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.QueryParams;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code by} of the QoE endpoints: the names the dashboard uses for the QoE job's dimensions (live) and for the
 * columns of the lake's {@code analytics.qoe_daily} and {@code analytics.view_sessions} (docs/analytics.md).
 */
public enum QoeGrouping {
  CDN(QoeDimension.CDN, "cdn"), COUNTRY(QoeDimension.COUNTRY, "country"),
  DEVICE(QoeDimension.DEVICE_TYPE, "device_type"), PLAYER(QoeDimension.PLAYER, "player_name"),
  TITLE(QoeDimension.TITLE, "title_id");

  private final QoeDimension dimension;
  private final String lakeColumn;

  QoeGrouping(QoeDimension dimension, String lakeColumn) {
    this.dimension = dimension;
    this.lakeColumn = lakeColumn;
  }

  public QoeDimension dimension() {
    return dimension;
  }

  /** The lake's column of this dimension (the same name in qoe_daily and view_sessions). */
  public String lakeColumn() {
    return lakeColumn;
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
