package io.ottplatform.local.cli;

import io.ottplatform.local.LocalPlatform;
import io.ottplatform.local.LocalPlatform.ComponentStatus;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.cli.OttCli.OttCommand;
import io.ottplatform.local.service.ServiceDefinition;
import io.ottplatform.local.service.ServiceStatus;
import io.ottplatform.local.service.Services;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The platform's lifecycle: infrastructure (Kafka, PostgreSQL, Trino) and the services. */
final class PlatformCommands {

  private PlatformCommands() {}

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Starts the infrastructure: Kafka (KRaft), the PostgreSQL databases, Trino with the Iceberg lake.",
          "With --all, also every service (qoe-job, concurrency-guard, serving-api, ingest-api). Idempotent."})
  static final class Up extends OttCommand {
    @Option(names = "--all", description = "also start every service and wait until each is healthy")
    boolean all;

    @Override
    public Integer call() {
      LocalPlatform platform = ott.platform();
      platform.up();
      if (!all) {
        return Status.print(ott, platform.status(), List.of()) ? 0 : 1;
      }
      for (ServiceDefinition service : ott.services()) {
        ott.supervisor().start(service);
      }
      return Status.printAll(ott) ? 0 : 1;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Every component and service: address, health (its HTTP health URL where it has one), log.",
          "Exit code 1 if any is down or unhealthy."})
  static final class Status extends OttCommand {
    @Override
    public Integer call() {
      return printAll(ott) ? 0 : 1;
    }

    static boolean printAll(Ott ott) {
      List<ServiceStatus> services = ott.services().stream().map(s -> ott.supervisor().status(s)).toList();
      return print(ott, ott.platform().status(), services);
    }

    /** Prints one row per component and service; true when every row is healthy. */
    static boolean print(Ott ott, List<ComponentStatus> components, List<ServiceStatus> services) {
      PrintStream out = ott.out();
      LocalPlatform platform = ott.platform();
      boolean healthy = true;
      String format = "%-18s %-9s %-30s %s%n";
      out.printf(format, "NAME", "HEALTH", "ADDRESS", "DETAIL / LOG");
      for (ComponentStatus c : components) {
        String log = platform.logFile(c.name()).map(p -> "; log " + p).orElse("");
        out.printf(format, c.name(), c.healthy() ? "healthy" : "DOWN", c.address(), c.detail() + log);
        healthy &= c.healthy();
      }
      for (ServiceStatus s : services) {
        String state = switch (s.state()) {
          case HEALTHY -> "healthy";
          case UNHEALTHY -> "UNHEALTHY";
          case DOWN -> "DOWN";
        };
        out.printf(format, s.name(), state, s.address(), s.detail() + "; log " + s.log());
        healthy &= s.healthy();
      }
      return healthy;
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {"Starts services (not running ones only) and waits until each is healthy. Needs ./ott up.",
          "The QoE job resumes from its newest completed checkpoint or savepoint (./ott stop qoe-job takes one);",
          "--fresh starts it over (its old state is moved aside, and the path printed), --from-savepoint restores a",
          "given one (e.g. after an upgrade). The guard resumes from its state directory. See docs/operations.md."})
  static final class Start extends OttCommand {
    @Parameters(arity = "1..*", paramLabel = "SERVICE", description = "ingest-api, serving-api, qoe-job, concurrency-guard")
    List<String> names;

    @Option(names = "--fresh", description = "qoe-job only: discard its checkpoints and savepoints and start over")
    boolean fresh;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "qoe-job only: restore this savepoint")
    String fromSavepoint;

    @Override
    public Integer call() {
      List<String> jobArgs = new java.util.ArrayList<>();
      if (fresh) {
        jobArgs.add("--fresh");
      }
      if (fromSavepoint != null) {
        jobArgs.addAll(List.of("--from-savepoint", fromSavepoint));
      }
      if (!jobArgs.isEmpty() && !names.equals(List.of(Services.QOE))) {
        throw new PlatformException("--fresh and --from-savepoint apply to the QoE job alone: ./ott start "
            + Services.QOE + " " + String.join(" ", jobArgs));
      }
      List<ServiceDefinition> table = ott.services();
      for (String name : names) {
        ott.supervisor().start(Services.find(table, name).withExtraArgs(jobArgs));
      }
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stops services: SIGTERM, then SIGKILL after the service's grace period (the QoE job: 60 s for its savepoint).")
  static final class Stop extends OttCommand {
    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> names;

    @Override
    public Integer call() {
      List<ServiceDefinition> table = ott.services();
      for (String name : names) {
        ott.supervisor().stop(Services.find(table, name));
      }
      return 0;
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stops, then starts services.")
  static final class Restart extends OttCommand {
    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> names;

    @Override
    public Integer call() {
      List<ServiceDefinition> table = ott.services();
      for (String name : names) {
        ServiceDefinition service = Services.find(table, name);
        ott.supervisor().stop(service);
        ott.supervisor().start(service);
      }
      return 0;
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "The log of a service (or of kafka, trino): its last lines; -f follows it.")
  static final class Logs extends OttCommand {
    @Parameters(paramLabel = "NAME", description = "a service, kafka or trino")
    String name;

    @Option(names = {"-f", "--follow"}, description = "keep printing what is appended (Ctrl-C ends)")
    boolean follow;

    @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "how many last lines (default ${DEFAULT-VALUE})")
    int lines;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Path log = ott.platform().logFile(name)
          .orElseGet(() -> ott.supervisor().logFile(Services.find(ott.services(), name).name()));
      if (!Files.exists(log)) {
        throw new PlatformException(name + " has no log yet at " + log + " (never started here?)");
      }
      long position = printTail(log, lines, ott.out());
      while (follow) {
        Thread.sleep(250);
        position = printFrom(log, position, ott.out());
      }
      return 0;
    }

    /** Prints the last {@code n} lines; returns the file's length, where following goes on. */
    static long printTail(Path log, int n, PrintStream out) throws IOException {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      all.subList(Math.max(0, all.size() - n), all.size()).forEach(out::println);
      return Files.size(log);
    }

    static long printFrom(Path log, long position, PrintStream out) throws IOException {
      long size = Files.size(log);
      if (size < position) {
        position = 0; // truncated or replaced: start over
      }
      if (size == position) {
        return position;
      }
      try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
        file.seek(position);
        byte[] bytes = new byte[(int) Math.min(size - position, 1 << 20)];
        file.readFully(bytes);
        out.print(new String(bytes, StandardCharsets.UTF_8));
        out.flush();
        return position + bytes.length;
      }
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stops every service (in reverse start order), then Trino and Kafka. Data stays.")
  static final class Down extends OttCommand {
    @Override
    public Integer call() {
      stopServices(ott);
      ott.platform().down();
      return 0;
    }

    static void stopServices(Ott ott) {
      List<ServiceDefinition> reversed = new ArrayList<>(ott.services());
      java.util.Collections.reverse(reversed);
      for (ServiceDefinition service : reversed) {
        ott.supervisor().stop(service);
      }
    }
  }

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "down, then deletes the data: Kafka logs, Trino state, the lake, the databases, service state.")
  static final class Reset extends OttCommand {
    @Override
    public Integer call() throws IOException {
      Down.stopServices(ott);
      ott.platform().reset();
      Path home = ott.config().home();
      for (String dir : List.of("state", "origin")) {
        deleteRecursively(home.resolve(dir));
      }
      Files.deleteIfExists(home.resolve("demo-identities.json"));
      return 0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
      if (!Files.exists(dir)) {
        return;
      }
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
