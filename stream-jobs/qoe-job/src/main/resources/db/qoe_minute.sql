-- The live dashboard's table: one row per minute and dimension value, upserted by the QoE job
-- (io.ottplatform.stream.connectors.PostgresQoeSink). Early rows (is_final = false) are replaced
-- until the final row arrives; a final row is never replaced by an early one, so replays after a
-- restore are harmless.
CREATE TABLE IF NOT EXISTS qoe_minute (
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
CREATE INDEX IF NOT EXISTS qoe_minute_recent ON qoe_minute (dimension, window_start DESC);
