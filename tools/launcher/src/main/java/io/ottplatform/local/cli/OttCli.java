package io.ottplatform.local.cli;

import io.ottplatform.local.PlatformException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The Java side of {@code ./ott}: every command of the local platform. Exit codes: 0 ok, 1 unhealthy
 * or failed, 2 usage; a command that runs a program (batch, recommender, simulate, run, bench, test)
 * exits with that program's code.
 */
@Command(name = "ott", mixinStandardHelpOptions = true, version = "ott 0.1.0",
    description = "The OTT platform on one machine: real Kafka (KRaft), PostgreSQL, Trino + Iceberg, and the services.%n"
        + "Settings are environment variables (OTT_HOME, OTT_KAFKA_PORT, OTT_TRINO_PORT, ...): see README.md.",
    subcommands = {
        PlatformCommands.Up.class, PlatformCommands.Status.class, PlatformCommands.Start.class,
        PlatformCommands.Stop.class, PlatformCommands.Restart.class, PlatformCommands.Logs.class,
        PlatformCommands.Down.class, PlatformCommands.Reset.class,
        ModuleCommands.Sql.class, DemoCommand.class, BenchCommand.class,
        ModuleCommands.Batch.class, ModuleCommands.Recommender.class, ModuleCommands.Simulate.class, ModuleCommands.Media.class,
        ModuleCommands.Admin.class,
        ModuleCommands.Run.class, ModuleCommands.Test.class, KafkaRoundTripCommand.class, HelpCommand.class})
public final class OttCli implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(Ott.fromSystem(), args));
  }

  static int run(Ott ott, String... args) {
    return commandLine(ott).execute(args);
  }

  /** The command tree, each command given {@code ott}; a {@link PlatformException} prints one line, exit 1. */
  static CommandLine commandLine(Ott ott) {
    CommandLine cli = new CommandLine(new OttCli(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K instance = CommandLine.defaultFactory().create(type);
        if (instance instanceof OttCommand command) {
          command.ott = ott;
        }
        return instance;
      }
    });
    // `ott run MODULE MAIN --viewers 3`: everything after the module is the program's, options included
    cli.getSubcommands().get("run").setStopAtPositional(true);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof PlatformException) {
        commandLine.getErr().println("ott: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** A command that works with the platform; {@link #commandLine} hands it the shared {@link Ott}. */
  abstract static class OttCommand implements Callable<Integer> {
    Ott ott;
  }
}
