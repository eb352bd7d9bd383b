package io.ottplatform.batch.session;

import io.ottplatform.batch.land.EventRows;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.ViewEndReason;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One session's raw events → its row of {@code analytics.view_sessions}. The QoE itself comes from
 * the shared {@link ViewQoeCalculator} (the one the Flink job uses), so this class only moves fields;
 * the two derived columns are the completion the recommender and the engagement table need.
 */
public final class ViewRows implements FlatMapGroupsFunction<String, Row, Row> {

  private static final long serialVersionUID = 1L;

  /** A view counts as completed once its furthest playhead passed this share of the title (end credits). */
  public static final double COMPLETION_THRESHOLD = 0.9;

  public static final StructType SCHEMA = new StructType()
      .add("view_date", DataTypes.DateType, false)
      .add("session_id", DataTypes.StringType, false)
      .add("account_id", DataTypes.StringType, false)
      .add("profile_id", DataTypes.StringType, false)
      .add("title_id", DataTypes.StringType, false)
      .add("cdn", DataTypes.StringType)
      .add("country", DataTypes.StringType)
      .add("device_type", DataTypes.StringType)
      .add("player_name", DataTypes.StringType)
      .add("stream_type", DataTypes.StringType)
      .add("view_start_ts", DataTypes.TimestampNTZType, false)
      .add("view_end_ts", DataTypes.TimestampNTZType, false)
      .add("end_reason", DataTypes.StringType, false)
      .add("startup_time_ms", DataTypes.LongType)
      .add("exit_before_video_start", DataTypes.BooleanType, false)
      .add("video_start_failure", DataTypes.BooleanType, false)
      .add("video_playback_failure", DataTypes.BooleanType, false)
      .add("error_code", DataTypes.StringType)
      .add("rebuffer_count", DataTypes.IntegerType, false)
      .add("rebuffer_duration_ms", DataTypes.LongType, false)
      .add("rebuffering_ratio", DataTypes.DoubleType, false)
      .add("rebuffer_frequency_per_min", DataTypes.DoubleType, false)
      .add("playing_time_ms", DataTypes.LongType, false)
      .add("watch_time_ms", DataTypes.LongType, false)
      .add("avg_bitrate_kbps", DataTypes.DoubleType)
      .add("bitrate_upswitches", DataTypes.IntegerType, false)
      .add("bitrate_downswitches", DataTypes.IntegerType, false)
      .add("dropped_frames", DataTypes.LongType, false)
      .add("max_playhead_ms", DataTypes.LongType)
      .add("content_duration_ms", DataTypes.LongType)
      .add("completion_ratio", DataTypes.DoubleType)
      .add("completed", DataTypes.BooleanType, false)
      .add("event_count", DataTypes.IntegerType, false)
      .add("missing_sequences", DataTypes.IntegerType, false)
      .add("sessionized_at", DataTypes.TimestampNTZType, false);

  private final LocalDateTime sessionizedAt;

  public ViewRows(LocalDateTime sessionizedAt) {
    this.sessionizedAt = sessionizedAt;
  }

  @Override
  public Iterator<Row> call(String sessionId, Iterator<Row> rows) {
    List<PlaybackEvent> events = new ArrayList<>();
    rows.forEachRemaining(r -> events.add(EventRows.fromRow(r)));
    // the raw table keeps what arrived (SDK retries included); the calculator drops duplicate sequences
    ViewSummary v = ViewQoeCalculator.summarizeView(events, ViewEndReason.TIMEOUT);
    return List.of(toRow(v, sessionizedAt)).iterator();
  }

  public static Double completionRatio(ViewSummary v) {
    Long playhead = v.getMaxPlayheadMs();
    Long duration = v.getContentDurationMs();
    if (playhead == null || duration == null || duration <= 0) {
      return null;
    }
    return Math.min(1.0, (double) playhead / duration);
  }

  public static Row toRow(ViewSummary v, LocalDateTime sessionizedAt) {
    Double completion = completionRatio(v);
    LocalDateTime start = EventRows.utc(v.getViewStartTs());
    return RowFactory.create(
        start.toLocalDate(), v.getSessionId(), v.getAccountId(), v.getProfileId(), v.getTitleId(), v.getCdn(),
        v.getCountry(), v.getDeviceType(), v.getPlayerName(), v.getStreamType(), start,
        EventRows.utc(v.getViewEndTs()), v.getEndReason().name(), v.getStartupTimeMs(), v.getExitBeforeVideoStart(),
        v.getVideoStartFailure(), v.getVideoPlaybackFailure(), v.getErrorCode(), v.getRebufferCount(),
        v.getRebufferDurationMs(), v.getRebufferingRatio(), v.getRebufferFrequencyPerMin(), v.getPlayingTimeMs(),
        v.getWatchTimeMs(), v.getAvgBitrateKbps(), v.getBitrateUpswitches(), v.getBitrateDownswitches(),
        v.getDroppedFrames(), v.getMaxPlayheadMs(), v.getContentDurationMs(), completion,
        completion != null && completion >= COMPLETION_THRESHOLD, v.getEventCount(), v.getMissingSequences(),
        sessionizedAt);
  }
}
