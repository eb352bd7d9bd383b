package io.ottplatform.batch.config;

import io.ottplatform.config.Settings;
import io.ottplatform.lake.LakeConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one configuration of every batch job, read from {@code batch-jobs.yml} by {@link Settings} (environment
 * overrides, {@code --set key=value}, every problem at once). {@link BatchJobCommand} says which per-run values a
 * job needs and which short flags set them.
 *
 * @param lake the lake's catalog, warehouse and Spark settings, shared with the recommender
 * @param maxRecordsPerSplit the landing job reads Kafka in splits of at most this many offsets, one Spark task each
 * @param date the day a dated job processes (UTC); null for jobs that take none
 * @param snapshotRetention maintenance expires snapshots older than this
 * @param orphanAge maintenance removes unreferenced files older than this (longer than any job runs)
 * @param viewerId the profile whose rows the erasure job deletes; null for other jobs
 */
public record BatchConfig(
    LakeConfig lake,
    String kafkaBootstrap,
    String topic,
    long maxRecordsPerSplit,
    LocalDate date,
    Duration snapshotRetention,
    Duration orphanAge,
    String viewerId) {

  /** Reads what {@code command} needs; problems stay in {@code s} until its finish(). */
  public static BatchConfig read(Settings s, BatchJobCommand command) {
    LakeConfig lake = LakeConfig.read(s);
    String bootstrap = s.string("kafka.bootstrap", "127.0.0.1:9092", "Kafka bootstrap servers");
    String topic = s.string("kafka.topic", "playback.events", "the topic landing reads");
    long split = s.longValue("land.max-records-per-split", 500_000, 1, Long.MAX_VALUE,
        "offsets per landing split (one Spark task each)");
    Duration retention = s.duration("maintain.snapshot-retention", "7d", "maintain expires snapshots older than this");
    Duration orphanAge = s.duration("maintain.orphan-age", "3d", "maintain removes unreferenced files older than this");
    LocalDate date = null;
    if (command.needsDate()) {
      String text = s.string("sessionize.date", "the UTC day to sessionize, yyyy-MM-dd (flag --date)");
      date = text == null ? null : parseDate(s, text);
    }
    String viewer = command.needsViewer()
        ? s.string("erase.profile-id", "the viewer (profile id) to erase (flag --profile-id)") : null;
    return new BatchConfig(lake, bootstrap, topic, split, date, retention, orphanAge, viewer);
  }

  private static LocalDate parseDate(Settings s, String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      s.check(false, "sessionize.date = '" + text + "': not a date (yyyy-MM-dd, UTC)");
      return null;
    }
  }

  public LocalDate requireDate() {
    return Optional.ofNullable(date).orElseThrow(() -> new IllegalStateException("no sessionize.date configured"));
  }

  public String requireViewer() {
    return Optional.ofNullable(viewerId).orElseThrow(() -> new IllegalStateException("no erase.profile-id configured"));
  }

  /** {@code catalog.namespace.table} of the lake. */
  public String table(String namespaceAndTable) {
    return lake.table(namespaceAndTable);
  }

  public BatchConfig withDate(LocalDate newDate) {
    return new BatchConfig(lake, kafkaBootstrap, topic, maxRecordsPerSplit, newDate, snapshotRetention, orphanAge,
        viewerId);
  }

  public BatchConfig withViewer(String newViewerId) {
    return new BatchConfig(lake, kafkaBootstrap, topic, maxRecordsPerSplit, date, snapshotRetention, orphanAge,
        newViewerId);
  }
}
