package io.ottplatform.local.cli;

import io.ottplatform.local.PlatformException;
import io.ottplatform.local.cli.OttCli.OttCommand;
import io.ottplatform.local.demo.KafkaRoundTrip;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka-roundtrip", mixinStandardHelpOptions = true,
    description = "Produces a sample view's PlaybackEvents to playback.events and reads them back.")
final class KafkaRoundTripCommand extends OttCommand {

  @Option(names = "--hours-ago", defaultValue = "0", paramLabel = "N",
      description = "when the sample view happened, in whole hours before now (0-8760, default 0)")
  long hoursAgo;

  @Override
  public Integer call() {
    if (hoursAgo < 0 || hoursAgo > 24 * 365) {
      throw new PlatformException("--hours-ago must be a whole number of hours from 0 to 8760, not '" + hoursAgo + "'");
    }
    KafkaRoundTrip.printed(ott.config().kafkaBootstrap(), Instant.now().minus(Duration.ofHours(hoursAgo)), ott.out());
    return 0;
  }
}
