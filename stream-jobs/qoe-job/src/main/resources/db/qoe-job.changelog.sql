--liquibase formatted sql

-- The QoE job's tables in PostgreSQL, owned here and applied by io.ottplatform.stream.db.QoeJobMigrations
-- (at job start, or `QoeJobMain --migrate-only`). Its own changelog tables (qoe_job_databasechangelog*), so it
-- never mixes with serving-api's migrations in the same database. Released changesets are never edited: add one.

--changeset qoe-job:1-qoe-minute
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'qoe_minute'
--comment: the live dashboard's table, one row per minute and dimension value, upserted by PostgresQoeSink. Early rows (is_final = false) are replaced until the final row arrives; a final row is never replaced by an early one, so replays after a restore are harmless. A database where an older job version created the table itself adopts it (MARK_RAN).
CREATE TABLE qoe_minute (
  window_start                  timestamptz      NOT NULL,
  window_end                    timestamptz      NOT NULL,
  dimension                     text             NOT NULL,
  dimension_value               text             NOT NULL,
  views_started                 bigint           NOT NULL,
  plays                         bigint           NOT NULL,
  concurrent_plays              bigint           NOT NULL,
  views_ended                   bigint           NOT NULL,
  startup_time_p50_ms           double precision,
  startup_time_p90_ms           double precision,
  startup_time_p95_ms           double precision,
  startup_time_p99_ms           double precision,
  video_start_failure_rate      double precision NOT NULL,
  video_playback_failure_rate   double precision NOT NULL,
  exit_before_video_start_rate  double precision NOT NULL,
  rebuffering_ratio             double precision NOT NULL,
  startup_time_sketch           bytea,
  is_final                      boolean          NOT NULL,
  updated_at                    timestamptz      NOT NULL,
  PRIMARY KEY (window_start, dimension, dimension_value)
);
CREATE INDEX qoe_minute_recent ON qoe_minute (dimension, window_start DESC);

--changeset qoe-job:2-qoe-minute-numerators
--comment: the numerators of the rates next to the startup sketch, so any range and grouping is a ratio of sums (docs/stream-jobs.md, "Live numbers that add up"). The failure counts of rows written before are exact (rate x views_ended, rounded); their stall and playing times cannot be recovered from the ratio and stay NULL.
ALTER TABLE qoe_minute
  ADD COLUMN video_start_failures      bigint,
  ADD COLUMN video_playback_failures   bigint,
  ADD COLUMN exits_before_video_start  bigint,
  ADD COLUMN rebuffer_duration_ms      bigint,
  ADD COLUMN playing_time_ms           bigint;
UPDATE qoe_minute SET
  video_start_failures     = round(video_start_failure_rate * views_ended),
  video_playback_failures  = round(video_playback_failure_rate * views_ended),
  exits_before_video_start = round(exit_before_video_start_rate * views_ended);

--changeset qoe-job:3-qoe-view
--comment: one row per view, upserted by QoeViewSink from the job's view summaries: a reopened view's higher revision replaces its row, a replayed or older revision never does. Rows not written for view-retention (by updated_at, the time the job wrote them, so a backfill of old views is not deleted at once) are deleted by the sink.
CREATE TABLE qoe_view (
  session_id                  text             PRIMARY KEY,
  revision                    integer          NOT NULL,
  account_id                  text             NOT NULL,
  profile_id                  text             NOT NULL,
  title_id                    text             NOT NULL,
  cdn                         text,
  country                     text,
  device_type                 text,
  player_name                 text,
  stream_type                 text,
  view_start_ts               timestamptz      NOT NULL,
  view_end_ts                 timestamptz      NOT NULL,
  end_reason                  text             NOT NULL,
  startup_time_ms             bigint,
  exit_before_video_start     boolean          NOT NULL,
  video_start_failure         boolean          NOT NULL,
  video_playback_failure      boolean          NOT NULL,
  error_code                  text,
  rebuffer_count              integer          NOT NULL,
  rebuffer_duration_ms        bigint           NOT NULL,
  rebuffering_ratio           double precision NOT NULL,
  rebuffer_frequency_per_min  double precision NOT NULL,
  playing_time_ms             bigint           NOT NULL,
  watch_time_ms               bigint           NOT NULL,
  avg_bitrate_kbps            double precision,
  bitrate_upswitches          integer          NOT NULL,
  bitrate_downswitches        integer          NOT NULL,
  dropped_frames              bigint           NOT NULL,
  max_playhead_ms             bigint,
  content_duration_ms         bigint,
  event_count                 integer          NOT NULL,
  missing_sequences           integer          NOT NULL,
  updated_at                  timestamptz      NOT NULL
);
CREATE INDEX qoe_view_end ON qoe_view (view_end_ts);
CREATE INDEX qoe_view_updated ON qoe_view (updated_at);
CREATE INDEX qoe_view_title_end ON qoe_view (title_id, view_end_ts);
