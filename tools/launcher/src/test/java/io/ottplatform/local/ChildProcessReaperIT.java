package io.ottplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A component JVM started by a test (attached) dies with the test JVM even when that is SIGKILLed and
 * no shutdown hook runs. The "test JVM" here is {@link Parent}, a separate JVM this test kills.
 */
class ChildProcessReaperIT {

  @TempDir Path dir;

  @Test
  void anAttachedChildDiesWhenItsParentJvmIsKilled() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Parent.class.getName(),
        dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long childPid;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      childPid = Long.parseLong(out.readLine().trim());
    }
    ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
    assertThat(child.isAlive()).as("child before its parent is killed").isTrue();

    parent.destroyForcibly().waitFor();

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    boolean survived = child.isAlive();
    child.destroyForcibly(); // never leave it behind, whatever the assertion says
    assertThat(survived).as("child %d still alive 15 s after its parent was SIGKILLed", childPid).isFalse();
  }

  /** Starts a sleeping child JVM the way the test extensions start Kafka and Trino, prints its pid, waits. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      Process child = ChildProcess.start(List.of(JavaHomes.currentJava().toString(), "-cp",
          System.getProperty("java.class.path"), Sleeper.class.getName()), dir, dir.resolve("child.log"), false);
      System.out.println(child.pid());
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }

  public static final class Sleeper {
    public static void main(String[] args) throws Exception {
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }
}
