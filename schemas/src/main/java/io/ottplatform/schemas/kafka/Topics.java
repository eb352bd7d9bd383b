package io.ottplatform.schemas.kafka;

import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.schemas.avro.BillingEvent;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ConcurrencyEvent;
import io.ottplatform.schemas.avro.MediaJob;
import io.ottplatform.schemas.avro.MediaJobProgress;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import io.ottplatform.schemas.avro.RecommendationImpression;
import io.ottplatform.schemas.avro.ViewSummary;
import io.ottplatform.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The registry of every Kafka topic of the platform. Keys are strings; values are contract records. */
public final class Topics {

  private static final Serde<String> KEY = Serdes.String();

  /** Player events from ingest-api, keyed by session id so a view stays in order on one partition. */
  public static final Topic<String, PlaybackEvent> PLAYBACK_EVENTS = new Topic<>(
      "playback.events", KEY, AvroSerde.of(PlaybackEvent.class), 4, Duration.ofDays(7), false,
      "Player events from ingest-api, keyed by session_id.");

  /** Events that reached the Flink QoE job after their window closed; kept, not dropped. */
  public static final Topic<String, PlaybackEvent> PLAYBACK_EVENTS_LATE = new Topic<>(
      "playback.events.late", KEY, AvroSerde.of(PlaybackEvent.class), 1, Duration.ofDays(30), false,
      "Events later than the QoE job's allowed lateness, keyed by session_id.");

  public static final Topic<String, ViewSummary> VIEW_SUMMARIES = new Topic<>(
      "qoe.view-summaries", KEY, AvroSerde.of(ViewSummary.class), 4, null, true,
      "The current QoE summary of each ended or timed-out view, keyed by session_id and compacted: a view "
          + "reopened by late events is summarized again with the next revision, which supersedes the earlier one.");

  public static final Topic<String, QoeAggregate> QOE_AGGREGATES = new Topic<>(
      "qoe.aggregates", KEY, AvroSerde.of(QoeAggregate.class), 2, Duration.ofDays(3), false,
      "Per-minute QoE by dimension, keyed by dimension|value|window_start; early updates then a final row.");

  public static final Topic<String, ConcurrencyEvent> CONCURRENCY_EVENTS = new Topic<>(
      "concurrency.events", KEY, AvroSerde.of(ConcurrencyEvent.class), 2, Duration.ofDays(7), false,
      "Accounts over their concurrent-stream limit, keyed by account_id.");

  public static final Topic<String, AccountPlan> ACCOUNT_PLANS = new Topic<>(
      "account.plans", KEY, AvroSerde.of(AccountPlan.class), 2, null, true,
      "Latest plan limits per account (compacted), keyed by account_id.");

  public static final Topic<String, CatalogChange> CATALOG_CHANGES = new Topic<>(
      "catalog.changes", KEY, AvroSerde.of(CatalogChange.class), 2, null, true,
      "Catalog changes relayed from serving-api's outbox (compacted), keyed by title_id.");

  public static final Topic<String, BillingEvent> BILLING_EVENTS = new Topic<>(
      "billing.events", KEY, AvroSerde.of(BillingEvent.class), 2, Duration.ofDays(30), false,
      "Subscription and purchase events, keyed by account_id.");

  public static final Topic<String, MediaJob> MEDIA_JOBS = new Topic<>(
      "media.jobs", KEY, AvroSerde.of(MediaJob.class), 2, Duration.ofDays(7), false,
      "Encoding requests for the media pipeline, keyed by job_id.");

  public static final Topic<String, MediaJobProgress> MEDIA_JOB_PROGRESS = new Topic<>(
      "media.jobs.progress", KEY, AvroSerde.of(MediaJobProgress.class), 2, Duration.ofDays(7), false,
      "Progress of media jobs, keyed by job_id.");

  /** Media jobs that failed for good (bad input, or N failed tries): the job as sent, the reason in headers. */
  public static final Topic<String, MediaJob> MEDIA_JOBS_DEAD_LETTER = new Topic<>(
      "media.jobs.dead-letter", KEY, AvroSerde.of(MediaJob.class), 1, Duration.ofDays(30), false,
      "Media jobs given up on, keyed by job_id; headers ott-reason and ott-attempts say why.");

  /**
   * What serving-api's recommendations showed, relayed from its impression outbox (at least once: the lake merges on
   * impression_id), keyed by profile_id so one profile's impressions stay in order.
   */
  public static final Topic<String, RecommendationImpression> RECOMMENDATION_IMPRESSIONS = new Topic<>(
      "recommendations.impressions", KEY, AvroSerde.of(RecommendationImpression.class), 4, Duration.ofDays(7), false,
      "Recommendation lists shown to profiles, relayed from serving-api's impression outbox, keyed by profile_id.");

  public static final List<Topic<String, ?>> ALL = List.of(
      PLAYBACK_EVENTS, PLAYBACK_EVENTS_LATE, VIEW_SUMMARIES, QOE_AGGREGATES, CONCURRENCY_EVENTS,
      ACCOUNT_PLANS, CATALOG_CHANGES, BILLING_EVENTS, MEDIA_JOBS, MEDIA_JOB_PROGRESS, MEDIA_JOBS_DEAD_LETTER,
      RECOMMENDATION_IMPRESSIONS);

  private Topics() {}

  public static Optional<Topic<String, ?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
