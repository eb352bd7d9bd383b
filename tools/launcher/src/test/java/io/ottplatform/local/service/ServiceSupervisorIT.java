package io.ottplatform.local.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.local.PlatformException;
import io.ottplatform.local.Ports;
import io.ottplatform.local.service.ServiceDefinition.Logging;
import io.ottplatform.local.service.ServiceStatus.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor on a real child JVM ({@link TinyService}): start, health, status, logs, stop, stale pid files. */
class ServiceSupervisorIT {

  @TempDir Path home;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private ServiceSupervisor supervisor;
  private ServiceDefinition tiny;

  private ServiceSupervisor supervisor() {
    // the test's own classpath stands in for a module's, so no Maven runs
    return new ServiceSupervisor(home, module -> System.getProperty("java.class.path"),
        new ServiceLogging(Path.of("../..").toAbsolutePath().normalize(), home), new PrintStream(output, true, StandardCharsets.UTF_8));
  }

  private ServiceDefinition tiny(int port, String mainClass, Duration startTimeout) {
    return new ServiceDefinition("tiny", "tools/launcher", mainClass, List.of(Integer.toString(port)),
        "http://127.0.0.1:" + port, Optional.of(URI.create("http://127.0.0.1:" + port + "/health")),
        Map.of("TINY_GREETING", "hello"), List.of("TINY_SECRET"), List.of("-Xmx64m"), Logging.LOG4J2,
        Duration.ofSeconds(10), startTimeout, List.of());
  }

  @AfterEach
  void stopWhatWasStarted() {
    if (supervisor != null && tiny != null) {
      supervisor.process(tiny).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void startsWaitsForHealthReportsLogsAndStopsGracefully() throws Exception {
    supervisor = supervisor();
    int port = Ports.freePort();
    tiny = tiny(port, TinyService.class.getName(), Duration.ofSeconds(30));

    assertThat(supervisor.status(tiny).state()).isEqualTo(State.DOWN);
    supervisor.start(tiny);

    ServiceStatus status = supervisor.status(tiny);
    assertThat(status.state()).isEqualTo(State.HEALTHY);
    long pid = status.pid().orElseThrow();
    assertThat(Files.readString(supervisor.pidFile("tiny")).trim()).isEqualTo(Long.toString(pid));
    assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse(""))
        .as("the marker in the command line").contains("-Dott.component=tiny");
    assertThat(status.log()).isEqualTo(home.resolve("logs/tiny.log"));
    assertThat(Files.readString(status.log()))
        .contains("tiny service starting, component tiny, greeting hello, secret length 64")
        .contains("tiny service listening on " + port);
    Path secrets = home.resolve("secrets/tiny.env");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");

    supervisor.start(tiny); // idempotent: the running one is kept
    assertThat(supervisor.status(tiny).pid()).hasValue(pid);
    assertThat(output.toString(StandardCharsets.UTF_8)).contains("tiny               already running (pid " + pid + ")");

    assertThat(supervisor.stop(tiny)).isTrue();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(supervisor.pidFile("tiny")).doesNotExist();
    assertThat(supervisor.status(tiny).state()).isEqualTo(State.DOWN);
    assertThat(Files.readString(status.log())).as("SIGTERM ran its shutdown hook").contains("tiny service stopped cleanly");
  }

  @Test
  void aStalePidFileIsReportedAndRemovedNotFollowed() throws Exception {
    supervisor = supervisor();
    tiny = tiny(Ports.freePort(), TinyService.class.getName(), Duration.ofSeconds(30));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.createDirectories(supervisor.pidFile("tiny").getParent());
    Files.writeString(supervisor.pidFile("tiny"), Long.toString(gone.pid()));

    ServiceStatus status = supervisor.status(tiny);

    assertThat(status.state()).isEqualTo(State.DOWN);
    assertThat(status.detail()).isEqualTo("not running (stale pid file for pid " + gone.pid() + " removed)");
    assertThat(supervisor.pidFile("tiny")).doesNotExist();
  }

  @Test
  void aPidNowUsedByAnotherProgramIsNeverSignalled() throws Exception {
    supervisor = supervisor();
    tiny = tiny(Ports.freePort(), TinyService.class.getName(), Duration.ofSeconds(30));
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Files.createDirectories(supervisor.pidFile("tiny").getParent());
      Files.writeString(supervisor.pidFile("tiny"), Long.toString(other.pid()));

      assertThat(supervisor.stop(tiny)).isFalse();

      assertThat(other.isAlive()).as("a process without the marker is not the service").isTrue();
      assertThat(supervisor.pidFile("tiny")).doesNotExist();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void aServiceThatDiesDuringStartUpFailsWithItsLog() {
    supervisor = supervisor();
    tiny = tiny(Ports.freePort(), "io.ottplatform.local.service.NoSuchMain", Duration.ofSeconds(30));

    assertThatThrownBy(() -> supervisor.start(tiny)).isInstanceOf(PlatformException.class)
        .hasMessageContaining("tiny exited during start-up")
        .hasMessageContaining("ClassNotFoundException: io.ottplatform.local.service.NoSuchMain");
  }
}
