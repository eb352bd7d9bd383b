package io.ottplatform.e2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.local.RuntimeClasspath;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * batch-jobs' real entry point ({@code BatchJobs <job> ...}, what {@code ./ott batch} and spark-submit run) as its
 * own process on its module's classpath (Spark's libraries cannot share this module's Dropwizard ones), Spark
 * {@code local[2]}, over the test's Iceberg JDBC catalog database, warehouse and broker.
 */
final class BatchJobsProcess {

  static final Path BATCH_JOBS = Path.of("../../batch-jobs/target");
  static final long TIMEOUT_SECONDS = 300;

  private final PostgresDatabaseExtension catalog;
  private final Path warehouse;
  private final String kafkaBootstrap;
  private final Path dir;

  BatchJobsProcess(PostgresDatabaseExtension catalog, Path warehouse, String kafkaBootstrap, Path dir) {
    this.catalog = catalog;
    this.warehouse = warehouse;
    this.kafkaBootstrap = kafkaBootstrap;
    this.dir = dir;
  }

  /** Runs one job to its end ({@code run("sessionize", "--date", "2026-11-24")}); a failure shows the job's log. */
  void run(String job, String... flags) throws IOException, InterruptedException {
    Path classpathFile = BATCH_JOBS.resolve("batch-jobs.classpath");
    assertThat(classpathFile).as("batch-jobs' build (mvn -pl batch-jobs compile, or the whole reactor)").exists();
    String classpath = BATCH_JOBS.resolve("classes").toAbsolutePath() + File.pathSeparator
        + Files.readString(classpathFile).trim();
    List<String> args = new ArrayList<>(List.of(job));
    args.addAll(List.of(flags));
    for (String setting : List.of("lake.spark-master=local[2]", "lake.shuffle-partitions=2",
        "lake.catalog-db.url=" + catalog.jdbcUrl(), "lake.catalog-db.user=" + catalog.user(),
        "lake.catalog-db.password=" + (catalog.password() == null ? "" : catalog.password()),
        "lake.warehouse=" + warehouse.toUri(), "kafka.bootstrap=" + kafkaBootstrap)) {
      args.add("--set");
      args.add(setting);
    }
    Path log = dir.resolve("batch-" + job + ".log");
    // ChildJvm takes a heap, not JVM options: Spark's add-opens (the list ./ott batch uses) go through the
    // launcher's standard variable for them
    String opens = RuntimeClasspath.platformProperties().getProperty("spark.add-opens", "").trim();
    try (ChildJvm process = ChildJvm.start("io.ottplatform.batch.BatchJobs", classpath, "1g", args,
        Map.of("JDK_JAVA_OPTIONS", opens), log)) {
      await("batch " + job + " to end (log: " + log + ")").atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
          .pollInterval(Duration.ofMillis(500)).until(() -> !process.isAlive());
      int exit = process.terminate(1); // it has exited: this only reads its exit code
      assertThat(exit).as("batch %s %s exit code; its log:%n%s", job, String.join(" ", flags), process.output())
          .isZero();
    }
  }
}
