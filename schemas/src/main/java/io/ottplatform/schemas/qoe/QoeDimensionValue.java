package io.ottplatform.schemas.qoe;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.avro.ViewSummary;
import java.util.List;

/**
 * One row key of the QoE aggregates: a dimension and its value. Every view and event contributes to
 * the GLOBAL row and to one row per dimension; a missing value is {@value #UNKNOWN}.
 */
public record QoeDimensionValue(QoeDimension dimension, String value) {

  public static final String ALL = "all";
  public static final String UNKNOWN = "unknown";
  public static final QoeDimensionValue GLOBAL = new QoeDimensionValue(QoeDimension.GLOBAL, ALL);

  public QoeDimensionValue {
    if (dimension == null || value == null) {
      throw new IllegalArgumentException("dimension and value are required: " + dimension + "=" + value);
    }
  }

  /** The global row first, then title, CDN, country, device type and player. */
  public static List<QoeDimensionValue> of(String titleId, String cdn, String country, String deviceType, String playerName) {
    return List.of(
        GLOBAL,
        new QoeDimensionValue(QoeDimension.TITLE, orUnknown(titleId)),
        new QoeDimensionValue(QoeDimension.CDN, orUnknown(cdn)),
        new QoeDimensionValue(QoeDimension.COUNTRY, orUnknown(country)),
        new QoeDimensionValue(QoeDimension.DEVICE_TYPE, orUnknown(deviceType)),
        new QoeDimensionValue(QoeDimension.PLAYER, orUnknown(playerName)));
  }

  public static List<QoeDimensionValue> of(PlaybackEvent e) {
    return of(e.getTitleId(), e.getCdn(), e.getCountry(),
        e.getDevice() == null ? null : e.getDevice().getType(),
        e.getPlayer() == null ? null : e.getPlayer().getName());
  }

  public static List<QoeDimensionValue> of(ViewSummary s) {
    return of(s.getTitleId(), s.getCdn(), s.getCountry(), s.getDeviceType(), s.getPlayerName());
  }

  /** The Kafka key of this row's aggregate for a window: {@code dimension|value|window_start_millis}. */
  public String key(long windowStartMillis) {
    return dimension.name() + "|" + value + "|" + windowStartMillis;
  }

  private static String orUnknown(String value) {
    return value == null || value.isBlank() ? UNKNOWN : value;
  }
}
