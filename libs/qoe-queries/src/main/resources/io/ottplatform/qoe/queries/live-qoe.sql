SELECT dimension_value,
       count(*) AS minutes,
       sum(views_started) AS views_started,
       sum(plays) AS plays,
       max(concurrent_plays) AS peak_concurrent_plays,
       sum(views_ended) AS views_ended,
       sum(video_start_failures) AS video_start_failures,
       sum(video_playback_failures) AS video_playback_failures,
       sum(exits_before_video_start) AS exits_before_video_start,
       sum(rebuffer_duration_ms) AS rebuffer_duration_ms,
       sum(playing_time_ms) AS playing_time_ms,
       CAST(sum(video_start_failures) AS double precision) / nullif(sum(views_ended), 0) AS video_start_failure_rate,
       CAST(sum(video_playback_failures) AS double precision) / nullif(sum(views_ended), 0) AS video_playback_failure_rate,
       CAST(sum(exits_before_video_start) AS double precision) / nullif(sum(views_ended), 0) AS exit_before_video_start_rate,
       CAST(sum(rebuffer_duration_ms) AS double precision)
         / nullif(sum(rebuffer_duration_ms) + sum(playing_time_ms), 0) AS rebuffering_ratio,
       array_agg(startup_time_sketch) FILTER (WHERE startup_time_sketch IS NOT NULL) AS startup_time_sketches
FROM qoe_minute
WHERE dimension = :dimension
  AND window_start >= :from AND window_start < :to
GROUP BY dimension_value
ORDER BY dimension_value;
