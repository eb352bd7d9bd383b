package io.ottplatform.serving.dashboard.api;

/**
 * A title's engagement over a range of days, from the lake.
 *
 * @param name the catalog's current name ({@code dim.titles}, {@code valid_to IS NULL}); null when unknown there
 * @param plays views with a first frame
 * @param uniqueViewers distinct profiles that viewed the title in the range
 * @param completionRate views that reached 90 % of the title, over {@code plays}
 * @param averageShareWatched the plays' mean furthest share of the title reached; null for live titles
 */
public record TitleEngagement(String titleId, String name, long views, long plays, long uniqueViewers,
    double minutesWatched, long completedViews, double completionRate, Double averageShareWatched) {}
