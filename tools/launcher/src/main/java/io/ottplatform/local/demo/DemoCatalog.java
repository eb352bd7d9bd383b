package io.ottplatform.local.demo;

import io.ottplatform.local.seed.TitleSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The demo's catalog: a few tastes (genre, maturity), so the recommender has structure to find. */
final class DemoCatalog {

  static final List<String> COUNTRIES = List.of("US", "GB", "DE", "NL", "FR", "BR", "IN", "JP", "ES", "CA", "MX", "SE");

  /** name | genre | maturity rating. */
  private static final String[] TITLES = {
      "Nebula Drift|Sci-Fi|13+", "Orbit of Ash|Sci-Fi|13+", "The Quiet Star|Sci-Fi|ALL", "Signal Lost|Sci-Fi|16+",
      "Red Meridian|Sci-Fi|16+", "Last Light Station|Sci-Fi|13+", "Harbor Lights|Drama|13+", "Paper Houses|Drama|16+",
      "The Long Table|Drama|ALL", "Winter Letters|Drama|13+", "Salt and Stone|Drama|16+", "A Kind Stranger|Drama|ALL",
      "Laugh Track|Comedy|ALL", "Office Plants|Comedy|7+", "The Wrong Wedding|Comedy|13+", "Dog Days Inn|Comedy|ALL",
      "Pocket Giants|Kids|ALL", "Moon Kittens|Kids|ALL", "Robot Garden|Kids|ALL", "The Puddle Club|Kids|ALL",
      "Cold Case Harbor|Crime|16+", "Night Ledger|Crime|18+", "The Fifth Alibi|Crime|16+", "Brass Knuckle Blues|Crime|18+"};

  private DemoCatalog() {}

  static List<TitleSpec> titles() {
    List<TitleSpec> titles = new ArrayList<>();
    for (int i = 0; i < TITLES.length; i++) {
      String[] f = TITLES[i].split("\\|");
      titles.add(new TitleSpec(f[0], "A " + f[1] + " title of the demo catalog.", 2010 + i % 15, (80L + i * 3L) * 60_000,
          f[2], List.of(f[1]), COUNTRIES, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z")));
    }
    return titles;
  }
}
