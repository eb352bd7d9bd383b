package io.ottplatform.local.cli;

import io.ottplatform.local.PlatformException;
import io.ottplatform.local.RuntimeClasspath;
import io.ottplatform.local.build.Maven;
import io.ottplatform.local.cli.OttCli.OttCommand;
import io.ottplatform.local.service.ServingAdmin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Commands that run a program of the repository in the foreground. Their arguments go to the program
 * unchanged ({@code --help} included: the program answers it), after Maven has brought its module up to date.
 */
final class ModuleCommands {

  private ModuleCommands() {}

  @Command(name = "batch", description = "Spark jobs over the Iceberg lake: land | land-titles | sessionize | maintain | erase [args] (batch-jobs).")
  static final class Batch extends OttCommand {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return ott.runner().run("batch-jobs", "io.ottplatform.batch.BatchJobs", args);
    }
  }

  @Command(name = "recommender", description = "ALS training, runs, promotion, experiments: train | evaluate | grid | runs | promote | export | experiment [args].")
  static final class Recommender extends OttCommand {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return ott.runner().run("recommender", "io.ottplatform.recommender.RecommenderCli", args);
    }
  }

  @Command(name = "simulate", description = "The player-fleet simulator (tools/player-simulator; --help for its options).")
  static final class Simulate extends OttCommand {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return ott.runner().run("tools/player-simulator", "io.ottplatform.simulator.SimulatorCli", args);
    }
  }

  @Command(name = "media", description = "The media pipeline's CLI: encode <input> --title <id> [--out DIR] (media-pipeline; --help).")
  static final class Media extends OttCommand {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return ott.runner().run("media-pipeline", "io.ottplatform.media.cli.MediaCli", args);
    }
  }

  @Command(name = "admin", description = {"serving-api accounts with a role (the first admin): create --email E "
      + "[--role admin|editor|analyst|viewer] [--password-file F] [--if-exists fail|keep|update].",
      "Without --password-file the password is read from the terminal, without echo. Needs the platform up."})
  static final class Admin extends OttCommand {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return ServingAdmin.run(ott.runner(), ott.services(), ott.config().home(), args);
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Any main class of a module on its runtime classpath; JAVA_OPTS adds JVM options.")
  static final class Run extends OttCommand {
    @Parameters(index = "0", paramLabel = "MODULE", description = "a module folder, e.g. ingest-api or tools/player-simulator")
    String module;

    @Parameters(index = "1", paramLabel = "MAIN", description = "a fully qualified main class")
    String main;

    @Parameters(index = "2..*", paramLabel = "ARG", description = "the program's arguments (options included)")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return ott.runner().run(module, main, args == null ? List.of() : args);
    }
  }

  @Command(name = "test", description = "The test suite: mvn -B verify [args] (what CI runs).")
  static final class Test extends OttCommand {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      List<String> command = new ArrayList<>(List.of(Maven.executable(), "-B", "verify"));
      command.addAll(args);
      return Maven.run(ott.root(), command, ott.out());
    }
  }

  @Command(name = "sql", description = "The Trino CLI on the lake catalog; arguments go to it (e.g. --execute 'SHOW SCHEMAS').")
  static final class Sql extends OttCommand {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
      Path cli = Path.of(RuntimeClasspath.platformProperties().getProperty("trino.cli.jar"));
      if (!Files.isRegularFile(cli)) {
        throw new PlatformException("the Trino CLI is missing at " + cli + ": rebuild tools/launcher");
      }
      List<String> command = new ArrayList<>(List.of(io.ottplatform.local.JavaHomes.currentJava().toString()));
      if (System.console() == null) {
        command.add("-Dorg.jline.terminal.dumb=true"); // no terminal (piped, CI): jline's dumb one, without its warning
      }
      command.addAll(List.of("-jar", cli.toString(), "--server", "http://127.0.0.1:" + ott.config().trinoPort(),
          "--catalog", ott.config().lakeCatalog()));
      command.addAll(args);
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
  }
}
