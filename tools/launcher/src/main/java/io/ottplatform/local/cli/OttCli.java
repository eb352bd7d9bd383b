package io.ottplatform.local.cli;

import io.ottplatform.local.LocalPlatform;
import io.ottplatform.local.LocalPlatform.ComponentStatus;
import io.ottplatform.local.PlatformConfig;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.demo.KafkaRoundTrip;
import io.ottplatform.local.demo.SampleSession;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The Java side of {@code ./ott}: platform lifecycle commands. Exit codes: 0 ok, 1 unhealthy or failed, 2 usage. */
public final class OttCli {

  private OttCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: ott up|status|down|reset|kafka-roundtrip [--hours-ago N]");
      return 2;
    }
    try {
      PlatformConfig config = PlatformConfig.fromEnvironment();
      LocalPlatform platform = new LocalPlatform(config, System.out);
      switch (args[0]) {
        case "up" -> {
          platform.up();
          return printStatus(platform.status());
        }
        case "status" -> {
          return printStatus(platform.status());
        }
        case "down" -> platform.down();
        case "reset" -> platform.reset();
        case "kafka-roundtrip" -> roundTrip(config, hoursAgo(args));
        default -> {
          System.err.println("unknown command: " + args[0] + " (expected up, status, down, reset, kafka-roundtrip)");
          return 2;
        }
      }
      return 0;
    } catch (PlatformException e) {
      System.err.println("ott: " + e.getMessage());
      return 1;
    }
  }

  private static int printStatus(List<ComponentStatus> rows) {
    boolean allHealthy = true;
    for (ComponentStatus row : rows) {
      System.out.printf("%-10s %-28s %-9s %s%n", row.name(), row.address(), row.healthy() ? "healthy" : "DOWN", row.detail());
      allHealthy &= row.healthy();
    }
    return allHealthy ? 0 : 1;
  }

  /** {@code kafka-roundtrip --hours-ago N}: when the sample view happened (default now). */
  static long hoursAgo(String[] args) {
    if (args.length == 1) {
      return 0;
    }
    if (args.length != 3 || !args[1].equals("--hours-ago")) {
      throw new PlatformException("usage: ott kafka-roundtrip [--hours-ago N]");
    }
    try {
      long hours = Long.parseLong(args[2]);
      if (hours < 0 || hours > 24 * 365) {
        throw new NumberFormatException();
      }
      return hours;
    } catch (NumberFormatException e) {
      throw new PlatformException("--hours-ago must be a whole number of hours from 0 to 8760, not '" + args[2] + "'");
    }
  }

  private static void roundTrip(PlatformConfig config, long hoursAgo) {
    String session = "demo-" + UUID.randomUUID();
    List<PlaybackEvent> events = SampleSession.events(session, Instant.now().minus(Duration.ofHours(hoursAgo)));
    System.out.println("demo       producing " + events.size() + " PlaybackEvents of view " + session
        + " to " + Topics.PLAYBACK_EVENTS.name());
    List<PlaybackEvent> read = KafkaRoundTrip.run(config.kafkaBootstrap(), Topics.PLAYBACK_EVENTS, events);
    for (PlaybackEvent e : read) {
      System.out.printf("  read  seq=%d %-15s playhead=%-6s bitrate=%s%n",
          e.getSequence(), e.getEventType(), e.getPlayheadMs(), e.getBitrateKbps());
    }
    if (!read.equals(events)) {
      throw new PlatformException("the events read back differ from those produced");
    }
    System.out.println("demo       read back all " + read.size() + " events, identical to those produced");
  }
}
