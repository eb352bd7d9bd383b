package io.ottplatform.batch.land;

import io.ottplatform.schemas.avro.Device;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.Player;
import io.ottplatform.schemas.avro.StreamType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@link PlaybackEvent} ⇄ a row of {@code raw.playback_events}: nested device and player records are
 * flattened (analysts filter on them), instants become UTC {@code TIMESTAMP_NTZ}, and
 * {@code event_date} is the UTC day of {@code client_ts}, the event time every job partitions by.
 */
public final class EventRows {

  /** The columns of a playback event, in table order; landing appends its own columns after them. */
  public static final StructType EVENT_SCHEMA = new StructType()
      .add("event_id", DataTypes.StringType, false)
      .add("session_id", DataTypes.StringType, false)
      .add("sequence", DataTypes.LongType, false)
      .add("account_id", DataTypes.StringType, false)
      .add("profile_id", DataTypes.StringType, false)
      .add("title_id", DataTypes.StringType, false)
      .add("event_type", DataTypes.StringType, false)
      .add("client_ts", DataTypes.TimestampNTZType, false)
      .add("server_ts", DataTypes.TimestampNTZType, false)
      .add("playhead_ms", DataTypes.LongType)
      .add("bitrate_kbps", DataTypes.IntegerType)
      .add("rendition", DataTypes.StringType)
      .add("buffer_ms", DataTypes.IntegerType)
      .add("dropped_frames", DataTypes.IntegerType)
      .add("error_code", DataTypes.StringType)
      .add("error_fatal", DataTypes.BooleanType)
      .add("cdn", DataTypes.StringType)
      .add("device_type", DataTypes.StringType, false)
      .add("device_os", DataTypes.StringType)
      .add("device_os_version", DataTypes.StringType)
      .add("device_browser", DataTypes.StringType)
      .add("device_browser_version", DataTypes.StringType)
      .add("device_app_version", DataTypes.StringType)
      .add("player_name", DataTypes.StringType, false)
      .add("player_version", DataTypes.StringType)
      .add("country", DataTypes.StringType)
      .add("stream_type", DataTypes.StringType, false)
      .add("content_duration_ms", DataTypes.LongType)
      .add("client_ip_prefix", DataTypes.StringType)
      .add("event_date", DataTypes.DateType, false);

  private static final int FIELDS = EVENT_SCHEMA.size();

  private EventRows() {}

  public static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public static LocalDate eventDate(PlaybackEvent e) {
    return LocalDate.ofInstant(e.getClientTs(), ZoneOffset.UTC);
  }

  /** The event's columns followed by {@code extra} values. */
  public static Object[] values(PlaybackEvent e, Object... extra) {
    Device d = e.getDevice();
    Player p = e.getPlayer();
    Object[] v = new Object[FIELDS + extra.length];
    v[0] = e.getEventId();
    v[1] = e.getSessionId();
    v[2] = e.getSequence();
    v[3] = e.getAccountId();
    v[4] = e.getProfileId();
    v[5] = e.getTitleId();
    v[6] = e.getEventType().name();
    v[7] = utc(e.getClientTs());
    v[8] = utc(e.getServerTs());
    v[9] = e.getPlayheadMs();
    v[10] = e.getBitrateKbps();
    v[11] = e.getRendition();
    v[12] = e.getBufferMs();
    v[13] = e.getDroppedFrames();
    v[14] = e.getErrorCode();
    v[15] = e.getErrorFatal();
    v[16] = e.getCdn();
    v[17] = d.getType();
    v[18] = d.getOs();
    v[19] = d.getOsVersion();
    v[20] = d.getBrowser();
    v[21] = d.getBrowserVersion();
    v[22] = d.getAppVersion();
    v[23] = p.getName();
    v[24] = p.getVersion();
    v[25] = e.getCountry();
    v[26] = e.getStreamType().name();
    v[27] = e.getContentDurationMs();
    v[28] = e.getClientIpPrefix();
    v[29] = eventDate(e);
    System.arraycopy(extra, 0, v, FIELDS, extra.length);
    return v;
  }

  public static Row toRow(PlaybackEvent e, Object... extra) {
    return RowFactory.create(values(e, extra));
  }

  /** Back from a row of raw.playback_events (columns looked up by name) to the contract record. */
  public static PlaybackEvent fromRow(Row r) {
    return PlaybackEvent.newBuilder()
        .setEventId(r.getAs("event_id"))
        .setSessionId(r.getAs("session_id"))
        .setSequence(r.<Long>getAs("sequence"))
        .setAccountId(r.getAs("account_id"))
        .setProfileId(r.getAs("profile_id"))
        .setTitleId(r.getAs("title_id"))
        .setEventType(eventType(r.getAs("event_type")))
        .setClientTs(instant(r.getAs("client_ts")))
        .setServerTs(instant(r.getAs("server_ts")))
        .setPlayheadMs(r.getAs("playhead_ms"))
        .setBitrateKbps(r.getAs("bitrate_kbps"))
        .setRendition(r.getAs("rendition"))
        .setBufferMs(r.getAs("buffer_ms"))
        .setDroppedFrames(r.getAs("dropped_frames"))
        .setErrorCode(r.getAs("error_code"))
        .setErrorFatal(r.getAs("error_fatal"))
        .setCdn(r.getAs("cdn"))
        .setDevice(Device.newBuilder()
            .setType(r.getAs("device_type"))
            .setOs(r.getAs("device_os"))
            .setOsVersion(r.getAs("device_os_version"))
            .setBrowser(r.getAs("device_browser"))
            .setBrowserVersion(r.getAs("device_browser_version"))
            .setAppVersion(r.getAs("device_app_version"))
            .build())
        .setPlayer(Player.newBuilder().setName(r.getAs("player_name")).setVersion(r.getAs("player_version")).build())
        .setCountry(r.getAs("country"))
        .setStreamType(streamType(r.getAs("stream_type")))
        .setContentDurationMs(r.getAs("content_duration_ms"))
        .setClientIpPrefix(r.getAs("client_ip_prefix"))
        .build();
  }

  private static Instant instant(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC);
  }

  private static EventType eventType(String name) {
    try {
      return EventType.valueOf(name);
    } catch (IllegalArgumentException e) {
      return EventType.UNKNOWN;
    }
  }

  private static StreamType streamType(String name) {
    try {
      return StreamType.valueOf(name);
    } catch (IllegalArgumentException e) {
      return StreamType.UNKNOWN;
    }
  }
}
