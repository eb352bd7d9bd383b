package io.ottplatform.local.cli;

import io.ottplatform.local.cli.OttCli.OttCommand;
import io.ottplatform.local.demo.Demo;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"The whole platform on built-in sample data: up, a Kafka round trip, every service, a catalog and viewers",
        "in serving-api, a simulated fleet through ingest-api, live QoE, Spark + Trino on the lake, the recommender,",
        "a playback grant, and a headless Chromium viewer on serving-api's watch page (skipped without chromium).",
        "Re-running reuses the catalog and viewers (./ott reset starts afresh)."})
final class DemoCommand extends OttCommand {

  @Option(names = "--viewers", defaultValue = "${env:OTT_DEMO_VIEWERS:-150}", description = "simulated viewers (default ${DEFAULT-VALUE})")
  int viewers;

  @Option(names = "--accounts", defaultValue = "${env:OTT_DEMO_ACCOUNTS:-20}", description = "viewer accounts (default ${DEFAULT-VALUE})")
  int accounts;

  @Option(names = "--seed", defaultValue = "${env:OTT_DEMO_SEED:-0}", description = "the fleet's random seed (0: a new one each run)")
  long seed;

  @Override
  public Integer call() throws Exception {
    long fleetSeed = seed != 0 ? seed : ThreadLocalRandom.current().nextInt(1, 32768);
    new Demo(ott.config(), ott.platform(), ott.supervisor(), ott.services(), ott.runner(),
        new Demo.Options(viewers, accounts, fleetSeed), ott.out()).run();
    return 0;
  }
}
