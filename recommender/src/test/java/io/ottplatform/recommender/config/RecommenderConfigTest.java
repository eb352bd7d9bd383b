package io.ottplatform.recommender.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderConfigTest {

  @Test
  void readsModelOptionsAndHandsLakeOptionsToTheBatchConfig() {
    RecommenderConfig c = RecommenderConfig.parse(new String[] {"--rank", "64", "--alpha=20", "--master", "local[2]",
        "--catalog", "lake2", "--seed", "7"}, Map.of("SERVING_DB_URL", "jdbc:postgresql://db:5432/serving"));

    assertThat(c.params()).isEqualTo(new AlsParams(64, 0.05, 20, 10, 7));
    assertThat(c.lake().master()).isEqualTo("local[2]");
    assertThat(c.lake().catalog()).isEqualTo("lake2");
    assertThat(c.servingDbUrl()).isEqualTo("jdbc:postgresql://db:5432/serving");
    assertThat(c.arm()).isEqualTo("control");
  }

  @Test
  void reportsEveryBadValueAtOnceByName() {
    assertThatThrownBy(() -> RecommenderConfig.parse(new String[] {"--rank", "0", "--holdout", "abc",
        "--metric", "auc", "--arm", "candidate", "--no-such-option", "1"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rank=0")
        .hasMessageContaining("--holdout=abc")
        .hasMessageContaining("--metric=auc")
        .hasMessageContaining("--arm candidate needs --percent")
        .hasMessageContaining("--no-such-option");
  }
}
