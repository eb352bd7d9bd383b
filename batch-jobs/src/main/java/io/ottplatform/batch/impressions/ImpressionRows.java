package io.ottplatform.batch.impressions;

import io.ottplatform.schemas.avro.RecommendationImpression;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns of {@code ml.impressions} and the row of one {@link RecommendationImpression}. */
public final class ImpressionRows {

  /** The table's columns (DDL); {@link #SCHEMA} is the same in Spark's terms. */
  public static final String COLUMNS = """
      impression_id STRING NOT NULL, served_at TIMESTAMP_NTZ NOT NULL, served_date DATE NOT NULL,
      profile_id STRING NOT NULL, surface STRING NOT NULL, arm STRING NOT NULL, model_version STRING NOT NULL,
      experiment_id STRING, split MAP<STRING, INT> NOT NULL, title_ids ARRAY<STRING> NOT NULL,
      kafka_partition INT NOT NULL, kafka_offset BIGINT NOT NULL, landed_at TIMESTAMP_NTZ NOT NULL""";

  public static final StructType SCHEMA = new StructType()
      .add("impression_id", DataTypes.StringType, false)
      .add("served_at", DataTypes.TimestampNTZType, false)
      .add("served_date", DataTypes.DateType, false)
      .add("profile_id", DataTypes.StringType, false)
      .add("surface", DataTypes.StringType, false)
      .add("arm", DataTypes.StringType, false)
      .add("model_version", DataTypes.StringType, false)
      .add("experiment_id", DataTypes.StringType, true)
      .add("split", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false), false)
      .add("title_ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("kafka_partition", DataTypes.IntegerType, false)
      .add("kafka_offset", DataTypes.LongType, false)
      .add("landed_at", DataTypes.TimestampNTZType, false);

  private ImpressionRows() {}

  /** Times in UTC without a zone, as every lake table keeps them. */
  public static Row row(RecommendationImpression i, int partition, long offset, LocalDateTime landedAt) {
    LocalDateTime servedAt = LocalDateTime.ofInstant(i.getServedAt(), ZoneOffset.UTC);
    Map<String, Integer> split = new TreeMap<>(i.getSplit());
    List<String> titles = new ArrayList<>(i.getTitleIds());
    return RowFactory.create(i.getImpressionId(), servedAt, java.sql.Date.valueOf(servedAt.toLocalDate()), i.getProfileId(),
        i.getSurface(), i.getArm(), i.getModelVersion(), i.getExperimentId(),
        split, titles, partition, offset, landedAt);
  }
}
