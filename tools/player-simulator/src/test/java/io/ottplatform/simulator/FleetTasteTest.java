package io.ottplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Profiles have tastes, as the recommender benchmark's planted data does: a model can beat popularity. */
class FleetTasteTest {

  static double inTasteShare(SimulatorConfig config) {
    List<SimulatedView> views = new FleetSimulator(config).views().toList();
    long liked = views.stream().filter(v -> FleetSimulator.Taste.of(config, v.profileId())
        .likes(Integer.parseInt(v.titleId().substring("title-".length())) - 1)).count();
    return (double) liked / views.size();
  }

  @Test
  void mostOfAProfilesViewsAreInItsTasteAndWithoutTastesOnlyByChance() {
    SimulatorConfig config = SimulatorConfig.defaults(9, 4_000);

    assertThat(config.taste()).isEqualTo(0.8);
    assertThat(inTasteShare(config)).as("in-taste share with taste 0.8").isGreaterThan(0.8);
    // 8 groups, one or two liked: by popularity alone a view lands in a liked group far less often
    assertThat(inTasteShare(config.withTaste(0))).as("in-taste share without tastes").isLessThan(0.4);
  }

  @Test
  void profilesDifferInTasteAndTheTasteOfAProfileIsStable() {
    SimulatorConfig config = SimulatorConfig.defaults(9, 4_000);
    Set<Integer> mains = new HashSet<>();
    for (int account = 0; account < 50; account++) {
      mains.add(FleetSimulator.Taste.of(config, String.format("prof-%06d-0", account)).main());
    }

    assertThat(mains).as("main taste groups over 50 profiles").hasSizeGreaterThanOrEqualTo(6);
    assertThat(FleetSimulator.Taste.of(config, "prof-000001-0")).isEqualTo(FleetSimulator.Taste.of(config, "prof-000001-0"));
  }

  @Test
  void theSameSeedStillGivesTheSameViews() {
    SimulatorConfig config = SimulatorConfig.defaults(42, 300);

    assertThat(new FleetSimulator(config).views().toList()).isEqualTo(new FleetSimulator(config).views().toList());
  }
}
