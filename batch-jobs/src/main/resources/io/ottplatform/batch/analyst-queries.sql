-- The example queries of docs/analytics.md, in Trino SQL. Parameters: :day and :week_start (DATE
-- literals, e.g. DATE '2026-11-25'), :title_id (a string literal). `layout` names the filter the
-- table design serves (used by the benchmark: day, title, day+title, or week for a seven-day range);
-- `none` means a small daily table.

-- name: qoe_by_cdn_this_week
-- question: QoE by CDN this week
-- layout: none
SELECT cdn,
       sum(views) AS views,
       sum(plays) AS plays,
       CAST(sum(video_start_failures) AS double) / sum(views) AS video_start_failure_rate,
       CAST(sum(exits_before_video_start) AS double) / sum(views) AS exit_before_video_start_rate,
       CAST(sum(rebuffer_duration_ms) AS double) / nullif(sum(rebuffer_duration_ms) + sum(playing_time_ms), 0) AS rebuffering_ratio
FROM lake.analytics.qoe_daily
WHERE view_date BETWEEN :week_start AND :week_start + INTERVAL '6' DAY
GROUP BY cdn
ORDER BY cdn;

-- name: startup_time_by_cdn_this_week
-- question: Startup time percentiles by CDN this week (percentiles over views, never averaged)
-- layout: week
SELECT cdn,
       count(*) AS plays,
       approx_percentile(startup_time_ms, 0.5) AS startup_p50_ms,
       approx_percentile(startup_time_ms, 0.9) AS startup_p90_ms
FROM lake.analytics.view_sessions
WHERE view_date BETWEEN :week_start AND :week_start + INTERVAL '6' DAY
  AND startup_time_ms IS NOT NULL
GROUP BY cdn
ORDER BY cdn;

-- name: completion_rate_of_title
-- question: Completion rate of a title (views that reached 90 % of it, of the views that started playing)
-- layout: none
SELECT title_id,
       sum(plays) AS plays,
       sum(completed_views) AS completed_views,
       CAST(sum(completed_views) AS double) / nullif(sum(plays), 0) AS completion_rate
FROM lake.analytics.title_engagement_daily
WHERE title_id = :title_id
GROUP BY title_id;

-- name: dropoff_curve_of_title
-- question: Drop-off curve of a title on a day (where viewers stop, and how many reach each tenth)
-- layout: none
SELECT decile,
       stopped,
       sum(stopped) OVER (ORDER BY decile DESC) AS reached
FROM (
  SELECT CAST(d.position - 1 AS integer) AS decile, sum(d.stopped) AS stopped
  FROM lake.analytics.title_engagement_daily
  CROSS JOIN UNNEST(dropoff) WITH ORDINALITY AS d(stopped, position)
  WHERE title_id = :title_id AND view_date = :day
  GROUP BY d.position
)
ORDER BY decile;

-- name: daily_active_viewers
-- question: Daily active viewers (profiles that watched anything) this week
-- layout: none
SELECT view_date, count(DISTINCT profile_id) AS active_viewers, sum(minutes_watched) AS minutes_watched
FROM lake.analytics.viewer_activity_daily
WHERE view_date BETWEEN :week_start AND :week_start + INTERVAL '6' DAY
GROUP BY view_date
ORDER BY view_date;

-- name: rebuffering_by_country_and_device
-- question: Rebuffering by country and device on a day
-- layout: none
SELECT country, device_type,
       sum(views) AS views,
       CAST(sum(rebuffer_duration_ms) AS double) / nullif(sum(rebuffer_duration_ms) + sum(playing_time_ms), 0) AS rebuffering_ratio,
       sum(rebuffer_count) AS stalls
FROM lake.analytics.qoe_daily
WHERE view_date = :day
GROUP BY country, device_type
ORDER BY country, device_type;

-- name: title_qoe_on_a_day
-- question: One title's views and QoE on one day, from the view-level table
-- layout: day+title
SELECT count(*) AS views,
       count(startup_time_ms) AS plays,
       approx_percentile(startup_time_ms, 0.9) AS startup_p90_ms,
       CAST(sum(rebuffer_duration_ms) AS double) / nullif(sum(rebuffer_duration_ms) + sum(playing_time_ms), 0) AS rebuffering_ratio
FROM lake.analytics.view_sessions
WHERE view_date = :day AND title_id = :title_id;

-- name: events_on_a_day_by_type
-- question: Raw events of one day by type (data-quality checks)
-- layout: day
SELECT event_type, count(*) AS events
FROM lake.raw.playback_events
WHERE event_date = :day
GROUP BY event_type
ORDER BY event_type;

-- name: title_views_by_country
-- question: Views of one title by country, over all days
-- layout: title
SELECT country, count(*) AS views, CAST(sum(watch_time_ms) AS double) / 60000 AS minutes_watched
FROM lake.analytics.view_sessions
WHERE title_id = :title_id
GROUP BY country
ORDER BY country;

-- name: title_events_on_a_day
-- question: Raw events of one title on one day (debugging a title's playback)
-- layout: day+title
SELECT count(*) AS events, count(DISTINCT session_id) AS sessions
FROM lake.raw.playback_events
WHERE event_date = :day AND title_id = :title_id;
