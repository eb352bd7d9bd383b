package io.ottplatform.serving.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.serving.recommendations.RecommendationModel.Ranked;
import io.ottplatform.serving.recommendations.db.RecommendationDao.ArmRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationModelTest {

  @Test
  void rowsGroupedByKeyBecomeRankedListsAndUnknownKeysAreEmpty() {
    RecommendationModel.Builder b = RecommendationModel.builder("v1");
    b.forProfile("p-1", "t-1", 0.9f);
    b.forProfile("p-1", "t-2", 0.5f);
    b.forProfile("p-2", "t-2", 0.7f);
    b.similarTo("t-1", "t-3", 0.4f);
    RecommendationModel model = b.build();

    assertThat(model.version()).isEqualTo("v1");
    assertThat(model.forProfile("p-1").titleIds()).containsExactly("t-1", "t-2");
    assertThat(model.forProfile("p-1").scores()).containsExactly(0.9f, 0.5f);
    assertThat(model.forProfile("p-2").titleIds()).containsExactly("t-2");
    assertThat(model.forProfile("cold-start").size()).isZero();
    assertThat(model.similarTo("t-1").titleIds()).containsExactly("t-3");
    assertThat(model.similarTo("t-2")).isSameAs(Ranked.EMPTY);
    assertThat(model.profiles()).isEqualTo(2);
    assertThat(model.rows()).isEqualTo(4);
    // one String per distinct title id, however many lists name it
    assertThat(model.forProfile("p-1").titleIds()[1]).isSameAs(model.forProfile("p-2").titleIds()[0]);
  }

  @Test
  void rowsNotGroupedByKeyAreRefusedRatherThanSilentlyLost() {
    RecommendationModel.Builder b = RecommendationModel.builder("v1");
    b.forProfile("p-1", "t-1", 0.9f);
    b.forProfile("p-2", "t-2", 0.7f);
    b.forProfile("p-1", "t-3", 0.5f);

    assertThatThrownBy(b::build).hasMessageContaining("p-1").hasMessageContaining("not contiguous");
  }

  @Test
  void anArmSwitchLoadsOnlyTheNewlyNamedVersionAndDropsTheOnesNoArmNames() {
    RecommendationModel v1 = model("v1", "t-a");
    RecommendationModel v2 = model("v2", "t-b");
    ServingArms current = ServingArms.of(List.of(new ArmRow("control", "v1", 90), new ArmRow("candidate", "v2", 10)),
        List.of(), List.of(v1, v2), Instant.EPOCH);
    List<String> loaded = new ArrayList<>();

    // control switched from v1 to v3, the candidate still on v2
    List<RecommendationModel> next = RecommendationCaches.models(List.of("v3", "v2"), current, version -> {
      loaded.add(version);
      return model(version, "t-c");
    });

    assertThat(loaded).as("v2 is kept as it is, not read again").containsExactly("v3");
    assertThat(next).extracting(RecommendationModel::version).containsExactly("v3", "v2");
    assertThat(next.get(1)).isSameAs(v2);
    ServingArms switched = ServingArms.of(List.of(new ArmRow("control", "v3", 90), new ArmRow("candidate", "v2", 10)),
        List.of(), next, Instant.EPOCH);
    assertThat(switched.loaded("v1")).as("no arm names v1 any more").isEmpty();
    assertThat(switched.model("v3").forProfile("p-1").titleIds()).containsExactly("t-c");
    assertThat(switched.model("v1").forProfile("p-1").size()).as("an unloaded version serves no personal list").isZero();
  }

  private static RecommendationModel model(String version, String title) {
    RecommendationModel.Builder b = RecommendationModel.builder(version);
    b.forProfile("p-1", title, 1f);
    return b.build();
  }
}
