package io.ottplatform.serving.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.serving.recommendations.db.RecommendationDao.ArmRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao.PopularRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ServingArmsTest {

  private static final List<String> PROFILES = IntStream.range(0, 20_000).mapToObj(i -> "prof-" + i).toList();

  @Test
  void bucketIsStableAndSpreadOverAHundred() {
    assertThat(ServingArms.bucket("prof-abc")).isEqualTo(ServingArms.bucket("prof-abc"));
    Map<Integer, Long> perBucket = PROFILES.stream().collect(Collectors.groupingBy(ServingArms::bucket, Collectors.counting()));
    assertThat(perBucket.keySet()).allMatch(b -> b >= 0 && b < 100).hasSize(100);
    assertThat(perBucket.values()).as("about 200 profiles per bucket").allMatch(n -> n > 120 && n < 280);
  }

  @Test
  void armsOrderedByNameTakeTheirTrafficShare() {
    ServingArms arms = ServingArms.of(List.of(new ArmRow("control", "v1", 90), new ArmRow("candidate", "v2", 10)),
        List.of(), Instant.EPOCH);

    Map<String, Long> share = PROFILES.stream().collect(Collectors.groupingBy(p -> arms.assign(p).orElseThrow().arm(),
        Collectors.counting()));

    assertThat(share.get("candidate")).as("10 %% of 20,000").isBetween(1_600L, 2_400L);
    assertThat(share.get("control")).isEqualTo(PROFILES.size() - share.get("candidate"));
    // "candidate" sorts first, so it owns buckets 0..9
    assertThat(PROFILES.stream().filter(p -> ServingArms.bucket(p) < 10))
        .allMatch(p -> arms.assign(p).orElseThrow().arm().equals("candidate"));
  }

  @Test
  void bucketsBeyondTheSumGoToControlAndNoArmsMeansNoAssignment() {
    ServingArms partial = ServingArms.of(List.of(new ArmRow("b-test", "v2", 5), new ArmRow("control", "v1", 50)),
        List.of(), Instant.EPOCH);
    assertThat(PROFILES.stream().filter(p -> ServingArms.bucket(p) >= 55))
        .allMatch(p -> partial.assign(p).orElseThrow().arm().equals("control"));
    assertThat(ServingArms.NONE.assign("prof-1")).isEmpty();
  }

  @Test
  void popularListOfTheCountryElseOfAllCountries() {
    ServingArms arms = ServingArms.of(List.of(new ArmRow("control", "v1", 100)), List.of(
        new PopularRow("v1", "DE", "t-de-1", 2f), new PopularRow("v1", "DE", "t-de-2", 1f),
        new PopularRow("v1", "*", "t-all", 3f), new PopularRow("v0", "FR", "t-old", 1f)), Instant.EPOCH);

    Function<String, List<String>> ids = c -> arms.popular("v1", c).stream().map(ServingArms.Popular::titleId).toList();
    assertThat(ids.apply("DE")).containsExactly("t-de-1", "t-de-2");
    assertThat(ids.apply("FR")).containsExactly("t-all");
    assertThat(arms.popular("v9", "DE")).isEmpty();
  }

  @Test
  void theSplitIsTheBucketsEachArmReallyGetsAndTheRestGoesToControl() {
    ServingArms partial = ServingArms.of(List.of(new ArmRow("b-test", "v2", 5), new ArmRow("control", "v1", 50)),
        List.of(), Instant.EPOCH);

    // b-test owns buckets 0..4, control 5..54 and, as the rest goes to control, 55..99
    assertThat(partial.split()).isEqualTo(Map.of("b-test", 5, "control", 95));
    assertThat(ServingArms.of(List.of(new ArmRow("a", "v1", 80), new ArmRow("b", "v2", 80)), List.of(), Instant.EPOCH)
        .split()).as("more than 100: the later arm gets what is left").isEqualTo(Map.of("a", 80, "b", 20));
    assertThat(ServingArms.NONE.split()).isEmpty();
  }

  @Test
  void theExperimentIdChangesWithTheVersionsOrTheSplitAndOnlyThen() {
    ServingArms a = ServingArms.of(List.of(new ArmRow("control", "v1", 90), new ArmRow("candidate", "v2", 10)),
        List.of(), Instant.EPOCH);
    ServingArms sameAgain = ServingArms.of(List.of(new ArmRow("candidate", "v2", 10), new ArmRow("control", "v1", 90)),
        List.of(), Instant.parse("2026-12-05T00:00:00Z"));
    ServingArms otherSplit = ServingArms.of(List.of(new ArmRow("control", "v1", 80), new ArmRow("candidate", "v2", 20)),
        List.of(), Instant.EPOCH);
    ServingArms otherVersion = ServingArms.of(List.of(new ArmRow("control", "v1", 90), new ArmRow("candidate", "v3", 10)),
        List.of(), Instant.EPOCH);

    assertThat(a.experimentId()).matches("exp-[0-9a-f]{12}").isEqualTo(sameAgain.experimentId());
    assertThat(otherSplit.experimentId()).isNotEqualTo(a.experimentId());
    assertThat(otherVersion.experimentId()).isNotEqualTo(a.experimentId()).isNotEqualTo(otherSplit.experimentId());
    assertThat(ServingArms.NONE.experimentId()).isNull();
  }
}
