package io.ottplatform.lake;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job as named steps: each step becomes the Spark job description (what the Spark UI and the
 * History Server show for its stages) and is logged with its duration, so a long run shows progress.
 */
public final class JobSteps {

  private static final Logger LOG = LoggerFactory.getLogger(JobSteps.class);

  private final SparkSession spark;
  private final String job;
  private int number;

  public JobSteps(SparkSession spark, String job) {
    this.spark = spark;
    this.job = job;
  }

  public <T> T run(String step, Supplier<T> body) {
    number++;
    String description = job + " step " + number + ": " + step;
    spark.sparkContext().setJobDescription(description);
    LOG.info("{} ...", description);
    long start = System.nanoTime();
    try {
      T result = body.get();
      LOG.info("{} done in {} ms", description, (System.nanoTime() - start) / 1_000_000);
      return result;
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  public void run(String step, Runnable body) {
    run(step, () -> {
      body.run();
      return null;
    });
  }

  public void log(String format, Object... args) {
    LOG.info(job + ": " + format, args);
  }
}
