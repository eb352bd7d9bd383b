package io.ottplatform.recommender.eval;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.lake.JobSteps;
import io.ottplatform.recommender.config.AlsParams;
import io.ottplatform.recommender.data.PlantedData;
import io.ottplatform.recommender.data.ProtocolSplit;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol on local[2]: selection reads train and validation only; test is scored once. */
class ProtocolTest {

  static final PlantedData PLANTED = new PlantedData(200, 200, 4_000, 8, 0.9, 7);
  static final List<AlsParams> GRID = List.of(new AlsParams(2, 0.5, 1, 5, 42), new AlsParams(12, 0.5, 1, 5, 42));

  static SparkSession spark;
  static Dataset<Row> interactions;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("protocol test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    interactions = PLANTED.generate(spark, 2).cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Protocol protocol(Dataset<Row> rows) {
    return Protocol.prepare(spark, new JobSteps(spark, "protocol test"), rows, 0.2, "ndcg_at_10",
        new Bootstrap(200, 0.95, 1), 2);
  }

  @Test
  void poisoningTheTestSplitChangesNothingTuningSeesButChangesTheTestScore() {
    ProtocolSplit split = ProtocolSplit.of(interactions, 0.2);
    // every test interaction now names a title nobody else watched, with a huge strength; its time is
    // kept, so the rows are still each profile's latest and still the test split
    Dataset<Row> poisonedTest = split.test()
        .withColumn("title_id", concat(lit("poison-"), split.test().col("title_id")))
        .withColumn("strength", lit(1000.0));
    Dataset<Row> poisoned = split.trainAndValidation().unionByName(poisonedTest);
    assertThat(poisoned.count()).isEqualTo(interactions.count());

    Protocol clean = protocol(interactions);
    Protocol.Selection cleanSelection = clean.select(GRID);
    Protocol dirty = protocol(poisoned);
    Protocol.Selection dirtySelection = dirty.select(GRID);

    assertThat(dirtySelection.best().spec()).isEqualTo(cleanSelection.best().spec());
    for (int i = 0; i < GRID.size(); i++) {
      assertThat(dirtySelection.ranked().get(i).spec()).isEqualTo(cleanSelection.ranked().get(i).spec());
      // the tolerance only absorbs float summation order across Spark's shuffle
      RankingMetrics c = cleanSelection.ranked().get(i).validation();
      RankingMetrics d = dirtySelection.ranked().get(i).validation();
      assertThat(d.ndcg()).as("validation NDCG of " + GRID.get(i).label()).isCloseTo(c.ndcg(), within(1e-6));
      assertThat(d.users()).isEqualTo(c.users());
    }
    assertThat(cleanSelection.best().spec()).as("the planted taste needs more than two factors").isEqualTo(GRID.get(1));

    Protocol.Tested cleanTest = clean.test(cleanSelection.best().spec());
    Protocol.Tested dirtyTest = dirty.test(dirtySelection.best().spec());
    assertThat(cleanTest.test().ndcg()).as("clean test NDCG").isGreaterThan(0.2);
    assertThat(dirtyTest.test().ndcg()).as("the poison reached the test split").isLessThan(0.01);
  }

  @Test
  void theTestSplitIsScoredOncePerModelWithIntervalsAndThePairedDifference() {
    Protocol protocol = protocol(interactions);
    AlsParams chosen = GRID.get(1);

    Protocol.Tested tested = protocol.test(chosen);

    assertThat(tested.ndcg().estimate()).isCloseTo(tested.test().ndcg(), within(1e-9));
    assertThat(tested.ndcg().low()).isLessThan(tested.ndcg().estimate());
    assertThat(tested.ndcg().high()).isGreaterThan(tested.ndcg().estimate());
    assertThat(tested.differenceVsPopularity().estimate())
        .isCloseTo(tested.test().ndcg() - tested.popularity().ndcg(), within(1e-9));
    assertThat(tested.differenceVsPopularity().low()).as("planted taste: ALS clearly beats popularity").isPositive();
    assertThatThrownBy(() -> protocol.test(chosen)).hasMessageContaining("already scored on the test split");
  }
}
