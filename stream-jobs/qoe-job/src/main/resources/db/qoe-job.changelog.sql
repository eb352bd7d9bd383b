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
