package io.ottplatform.recommender.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.recommender.RecommenderCli;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderConfigTest {

  private static RecommenderConfig read(Map<String, String> env, String... args) {
    Settings s = RecommenderCli.settings(args, env);
    RecommenderConfig config = RecommenderConfig.read(s);
    s.finish();
    return config;
  }

  @Test
  void theBundledFileFindsTheLakeAndDatabaseThatOttUpCreates() {
    RecommenderConfig c = read(Map.of());
    assertThat(c.lake().catalog()).isEqualTo("lake");
    assertThat(c.lake().catalogUri()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ott_lake");
    assertThat(c.lake().warehouse().toString()).endsWith(".ott/warehouse/");
    assertThat(c.servingDbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/ott");
    assertThat(c.params()).isEqualTo(new AlsParams(64, 0.1, 0.3, 10, 42));
    assertThat(c.ease()).isEqualTo(new io.ottplatform.recommender.model.EaseParams(100));
    assertThat(c.algorithms()).containsExactly("als", "ease");
    assertThat(c.fixedCandidates()).containsExactly(c.params(), c.ease());
    assertThat(c.gridCandidates()).hasSize(2 * 2 * 2 + 5);
    assertThat(c.gridAlphas()).as("alpha 5 lost on every shape (docs/recommender.md)").containsExactly(0.3, 1.0);
    assertThat(c.catalogFromServingDb()).isTrue();
    assertThat(c.csv()).isEmpty();
    assertThat(c.arm()).isEqualTo("control");
  }

  @Test
  void theDemosFlagsTheEnvironmentAndSetsOverrideTheFile() {
    RecommenderConfig c = read(Map.of("OTT_DB_URL", "jdbc:postgresql://db:5432/serving", "OTT_LAKE_CATALOG", "lake2"),
        "--rank", "16", "--reg-param", "0.5", "--alpha=1", "--max-iter", "10", "--seed", "7",
        "--set", "lake.spark-master=local[2]", "--grid-alpha", "1,2,3");

    assertThat(c.params()).isEqualTo(new AlsParams(16, 0.5, 1, 10, 7));
    assertThat(c.lake().sparkMaster()).isEqualTo("local[2]");
    assertThat(c.lake().catalog()).isEqualTo("lake2");
    assertThat(c.servingDbUrl()).isEqualTo("jdbc:postgresql://db:5432/serving");
    assertThat(c.gridAlphas()).isEqualTo(List.of(1.0, 2.0, 3.0));
  }

  @Test
  void reportsEveryBadValueAtOnceByName() {
    Settings s = RecommenderCli.settings(new String[] {"--rank", "0", "--holdout", "abc", "--metric", "auc",
        "--arm", "candidate", "--no-such-option", "1", "--grid-rank", "16,x", "--algorithms", "als,knn",
        "--catalog", "lake"}, Map.of());
    RecommenderConfig.read(s);
    assertThatThrownBy(s::finish).isInstanceOf(ConfigException.class)
        .hasMessageContaining("als.rank = '0'")
        .hasMessageContaining("evaluation.holdout = 'abc'")
        .hasMessageContaining("promotion.metric = 'auc'")
        .hasMessageContaining("promotion.arm 'candidate' needs promotion.percent")
        .hasMessageContaining("unknown argument '--no-such-option'")
        .hasMessageContaining("grid.rank = '16,x': x is not a number")
        .hasMessageContaining("model.algorithms = 'als,knn': 'knn' is not als or ease")
        .hasMessageContaining("input.catalog = 'lake'");
  }

  @Test
  void helpListsTheFlagsAndEverySetting() {
    Settings s = RecommenderCli.settings(new String[] {"--help"}, Map.of());
    RecommenderConfig.read(s);
    assertThat(s.helpRequested()).isTrue();
    assertThat(RecommenderConfig.FLAGS.help()).contains("--reg-param").contains("als.reg-param");
    assertThat(s.help()).contains("serving-db.url").contains("lake.catalog").contains("promotion.min-lift");
  }
}
