package io.ottplatform.recommender.config;

import io.ottplatform.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of {@code recommender experiment}, read from the same {@code recommender.yml} as
 * {@link RecommenderConfig} (keys {@code experiment.*}; the bootstrap's resamples and seed are
 * {@code evaluation.bootstrap-resamples} and {@code als.seed}).
 *
 * @param id the experiment to report (flag --experiment); without it the command lists the experiments
 * @param window how long after an impression a play of one of its titles is attributed to it (flag --window)
 * @param impressionsTable the lake table of impressions (namespace.table)
 * @param viewsTable the lake table of sessionized views (namespace.table)
 * @param srmAlpha the sample-ratio check flags p-values below this
 */
public record ExperimentConfig(Optional<String> id, Duration window, String impressionsTable, String viewsTable,
    double srmAlpha) {

  public static ExperimentConfig read(Settings s) {
    String idText = s.string("experiment.id", "", "the experiment to report, as 'experiment' lists them (--experiment)");
    Optional<String> id = idText.isBlank() ? Optional.empty() : Optional.of(idText.trim());
    id.ifPresent(v -> s.check(v.matches("[A-Za-z0-9_.:-]{1,64}"), "experiment.id = '" + v
        + "': letters, digits and _ . : - only, at most 64"));
    Duration window = s.duration("experiment.window", "24h",
        "a play is attributed to an impression of its title served at most this long before (--window)");
    String impressions = s.string("experiment.impressions-table", "ml.impressions", "lake table of impressions");
    String views = s.string("experiment.views-table", "analytics.view_sessions", "lake table of sessionized views");
    for (String[] t : List.of(new String[] {"experiment.impressions-table", impressions},
        new String[] {"experiment.views-table", views})) {
      s.check(t[1].matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*"),
          t[0] + " = '" + t[1] + "': must be namespace.table (lower-case identifiers)");
    }
    double srmAlpha = s.decimal("experiment.srm-alpha", 0.001, 1e-12, 0.5,
        "the sample-ratio check flags a chi-square p-value below this");
    return new ExperimentConfig(id, window, impressions, views, srmAlpha);
  }
}
