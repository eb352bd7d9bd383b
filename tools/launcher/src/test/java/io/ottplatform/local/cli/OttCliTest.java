package io.ottplatform.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OttCliTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter help = new StringWriter();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    Ott ott = new Ott(Path.of("../..").toAbsolutePath().normalize(), new PrintStream(out, true, StandardCharsets.UTF_8));
    CommandLine cli = OttCli.commandLine(ott);
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(help, true));
    return cli.execute(args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(help.toString()).contains("up", "status", "start", "stop", "restart", "logs", "down", "reset", "sql",
        "demo", "bench", "batch", "recommender", "simulate", "media", "admin", "run", "test");
  }

  @Test
  void everyCommandWithOptionsAnswersHelp() {
    for (String command : new String[] {"up", "status", "start", "stop", "restart", "logs", "down", "reset", "demo", "run",
        "kafka-roundtrip"}) {
      help.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command + " --help").isZero();
      assertThat(help.toString()).as(command + " --help").contains("Usage: ott " + command);
    }
  }

  @Test
  void noCommandAndUnknownCommandsAreUsageErrors() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("launch")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument at index 0: 'launch'");
  }

  @Test
  void startAndStopNeedAService() {
    assertThat(run("start")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'SERVICE'");
  }

  @Test
  void startingOverOrFromASavepointIsForTheQoeJobAlone() {
    assertThat(run("start", "ingest-api", "--fresh")).isEqualTo(1);
    assertThat(err.toString()).contains("--fresh and --from-savepoint apply to the QoE job alone: ./ott start qoe-job --fresh");
    help.getBuffer().setLength(0);
    assertThat(run("start", "--help")).isZero();
    assertThat(help.toString()).contains("--fresh").contains("--from-savepoint").contains("newest completed checkpoint");
  }

  @Test
  void anUnknownServiceIsNamedWithTheKnownOnes() {
    assertThat(run("stop", "ingest")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown service 'ingest'")
        .contains("qoe-job, concurrency-guard, serving-api, ingest-api");
  }

  @Test
  void anUnknownBenchmarkIsNamed() {
    assertThat(run("bench", "ingestion")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown benchmark 'ingestion' (ingest, stream, batch, serving, recommender, media, freshness)");
  }

  @Test
  void aBadHoursAgoIsNamed() {
    assertThat(run("kafka-roundtrip", "--hours-ago", "-1")).isEqualTo(1);
    assertThat(err.toString()).contains("not '-1'");
    assertThat(run("kafka-roundtrip", "--hours-ago", "two")).isEqualTo(2);
    assertThat(err.toString()).contains("'two' is not a long");
  }

  @Test
  void passThroughCommandsKeepTheirArgumentsForTheProgram() {
    CommandLine cli = OttCli.commandLine(new Ott(Path.of("."), System.out));
    CommandLine.ParseResult parsed = cli.parseArgs("batch", "sessionize", "--date", "2026-12-01", "--help");
    ModuleCommands.Batch batch = (ModuleCommands.Batch) parsed.subcommand().commandSpec().userObject();
    assertThat(batch.args).containsExactly("sessionize", "--date", "2026-12-01", "--help");

    parsed = cli.parseArgs("run", "tools/player-simulator", "io.ottplatform.simulator.SimulatorCli", "--viewers", "3");
    ModuleCommands.Run run = (ModuleCommands.Run) parsed.subcommand().commandSpec().userObject();
    assertThat(run.module).isEqualTo("tools/player-simulator");
    assertThat(run.main).isEqualTo("io.ottplatform.simulator.SimulatorCli");
    assertThat(run.args).containsExactly("--viewers", "3");

    parsed = cli.parseArgs("bench", "serving", "--rate", "200", "--seconds", "2");
    BenchCommand bench = (BenchCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(bench.name).isEqualTo("serving");
    assertThat(bench.args).containsExactly("--rate", "200", "--seconds", "2");
  }

  @Test
  void logsTakesFollowAndLineCount() {
    CommandLine cli = OttCli.commandLine(new Ott(Path.of("."), System.out));
    PlatformCommands.Logs logs = (PlatformCommands.Logs) cli.parseArgs("logs", "qoe-job", "-f", "-n", "5")
        .subcommand().commandSpec().userObject();
    assertThat(logs.name).isEqualTo("qoe-job");
    assertThat(logs.follow).isTrue();
    assertThat(logs.lines).isEqualTo(5);
  }
}
