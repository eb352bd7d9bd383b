package io.ottplatform.e2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real QoE job (Flink) as its own process on its module's classpath (Flink's libraries cannot share this
 * module's), reading {@code playback.events} of the test's broker from the earliest offset and writing
 * {@code qoe_minute} and {@code qoe_view} into the test's database, which serving-api's dashboard reads.
 */
final class QoeJobProcess {

  static final Path QOE_JOB = Path.of("../../stream-jobs/qoe-job/target");

  private QoeJobProcess() {}

  /** {@code name} keeps the job's consumer group and transactional ids apart from other tests'. */
  static ChildJvm start(String name, KafkaBrokerExtension kafka, PostgresDatabaseExtension db, Path dir)
      throws IOException {
    Path classpathFile = QOE_JOB.resolve("qoe-job.classpath");
    assertThat(classpathFile).as("the QoE job's build (mvn -pl stream-jobs/qoe-job package, or the whole reactor)")
        .exists();
    String classpath = QOE_JOB.resolve("classes").toAbsolutePath() + File.pathSeparator
        + Files.readString(classpathFile).trim();
    Path home = Files.createDirectories(dir.resolve("ott-home"));
    return ChildJvm.start("io.ottplatform.stream.QoeJobMain", classpath, "768m", List.of(
            "--set", "group-id=" + name, "--set", "transactional-id-prefix=" + name,
            "--set", "parallelism=1", "--set", "checkpoint-interval=2s",
            // never the default 8096: a platform started by ./ott on the same machine holds it
            "--set", "health.port=" + freePort()),
        Map.of("OTT_HOME", home.toString(), "OTT_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
            "OTT_DB_URL", db.jdbcUrl(), "OTT_DB_USER", db.user(),
            "OTT_DB_PASSWORD", db.password() == null ? "" : db.password()),
        dir.resolve("qoe-job.log"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
