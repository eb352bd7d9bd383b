package io.ottplatform.simulator;

import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.simulator.sink.HttpSink;
import io.ottplatform.simulator.sink.KafkaSink;
import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The simulator's command line.
 *
 * <pre>
 * # play 200 viewers through ingest-api, as SDKs would, 10x faster than real time
 * SimulatorCli --target http://127.0.0.1:8081 --token-key keys/playback-token-private.pem --viewers 200 --speed 10
 * # pre-fill a benchmark topic with 10 million events, as fast as the broker takes them
 * SimulatorCli --kafka 127.0.0.1:9092 --events 10000000
 * # a development key pair: the private key for the simulator, the JWKS for ingest-api
 * SimulatorCli --keygen keys/
 * </pre>
 */
public final class SimulatorCli {

  private static final Set<String> FLAGS = Set.of("--gzip", "--help");

  static final String USAGE = String.join("\n",
      "usage: SimulatorCli (--target URL --token-key PEM | --kafka BOOTSTRAP --events N | --keygen DIR) [options]",
      "  --target URL           post through ingest-api (e.g. http://127.0.0.1:8081) as player SDKs do",
      "  --token-key PEM        PKCS#8 P-256 private key to mint playback tokens with (see --keygen)",
      "  --token-kid ID         key id in the token header (default dev-1)",
      "  --issuer ISS           token issuer (default ott-serving-api); --audience AUD (default ott-ingest)",
      "  --speed X              player clock at X times real time; 0 = as fast as possible (default 0)",
      "  --batch-events N       events per request at most (default 50); --concurrency N requests in flight (default 64)",
      "  --country-header NAME  CDN country header to send (default CloudFront-Viewer-Country)",
      "  --gzip                 gzip request bodies",
      "  --kafka BOOTSTRAP      produce straight to " + Topics.PLAYBACK_EVENTS.name() + " (with --events N)",
      "  --keygen DIR           write " + DevKeys.PRIVATE_KEY_FILE + " and " + DevKeys.JWKS_FILE + " into DIR",
      "  --seed S (1)  --viewers N (100)  --accounts N  --titles N  --start ISO-INSTANT",
      "  --identities FILE      play with serving-api's ids: {\"accounts\":[{\"accountId\":..,\"profileIds\":[..]}],",
      "                         \"titleIds\":[..]}; --accounts and --titles then default to the file's counts",
      "  --arrival-window D (10m)  --mean-watch D (8m)  --heartbeat D (10s)   durations: 90s, 10m, 2h or PT10M");

  private SimulatorCli() {}

  public static void main(String[] args) throws Exception {
    int code;
    try {
      code = run(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      code = 2;
    }
    System.exit(code);
  }

  static int run(String[] args, PrintStream out) throws Exception {
    Map<String, String> opts = parse(args);
    if (opts.containsKey("--help") || opts.isEmpty()) {
      out.println(USAGE);
      return 0;
    }
    if (opts.containsKey("--keygen")) {
      String kid = opts.getOrDefault("--token-kid", "dev-1");
      Path key = DevKeys.write(DevKeys.generate(), kid, Path.of(opts.get("--keygen")));
      out.println("wrote " + key + " and " + key.resolveSibling(DevKeys.JWKS_FILE) + " (kid " + kid + ")");
      return 0;
    }
    if (opts.containsKey("--kafka")) {
      long events = Long.parseLong(require(opts, "--events"));
      SimulatorConfig config = config(opts, (int) Math.min(Integer.MAX_VALUE, Math.max(1, events / 40)),
          SimulatorConfig.DEFAULT_START);
      out.printf("producing %,d events to %s on %s (seed %d)%n", events, Topics.PLAYBACK_EVENTS.name(),
          opts.get("--kafka"), config.seed());
      new KafkaSink(opts.get("--kafka"), Topics.PLAYBACK_EVENTS, out).produce(endless(config, identities(opts)), events);
      return 0;
    }
    if (opts.containsKey("--target")) {
      double speed = Double.parseDouble(opts.getOrDefault("--speed", "0"));
      // paced views happen now; unpaced ones already happened (ingest refuses client clocks far in the future)
      Instant defaultStart = speed > 0 ? Instant.now() : Instant.now().minus(Duration.ofHours(12));
      SimulatorConfig config = config(opts, Integer.parseInt(opts.getOrDefault("--viewers", "100")), defaultStart);
      PlaybackTokenMinter minter = new PlaybackTokenMinter(
          PlaybackTokenMinter.readPrivateKey(Path.of(require(opts, "--token-key"))),
          opts.getOrDefault("--token-kid", "dev-1"), opts.getOrDefault("--issuer", "ott-serving-api"),
          opts.getOrDefault("--audience", "ott-ingest"), Duration.ofHours(6), Clock.systemUTC());
      HttpSink.Options defaults = HttpSink.Options.defaults(URI.create(opts.get("--target")));
      HttpSink.Options options = new HttpSink.Options(defaults.target(),
          Integer.parseInt(opts.getOrDefault("--batch-events", "50")), config.heartbeatInterval(), speed,
          Integer.parseInt(opts.getOrDefault("--concurrency", "64")), defaults.maxRetries(),
          opts.getOrDefault("--country-header", defaults.countryHeader()), opts.containsKey("--gzip"),
          defaults.viewWindow());
      out.printf("playing %,d views through %s (seed %d, speed %s)%n", config.viewers(), options.target(),
          config.seed(), speed == 0 ? "unpaced" : speed + "x");
      HttpSink.Result result = new HttpSink(options, minter, out)
          .play(new FleetSimulator(config, identities(opts)).views().iterator());
      out.printf("done: %,d views, %,d requests, %,d events posted, %,d accepted, %,d rejected, %,d retries, "
              + "%,d requests failed, statuses %s, %.1f s%n", result.views(), result.requests(), result.eventsPosted(),
          result.eventsAccepted(), result.eventsRejected(), result.retries(), result.failedRequests(),
          result.statuses(), result.seconds());
      return result.failedRequests() == 0 ? 0 : 1;
    }
    throw new IllegalArgumentException("say where to: --target, --kafka or --keygen");
  }

  static SimulatorConfig config(Map<String, String> opts, int defaultViewers, Instant defaultStart) throws IOException {
    long seed = Long.parseLong(opts.getOrDefault("--seed", "1"));
    int viewers = Integer.parseInt(opts.getOrDefault("--viewers", Integer.toString(defaultViewers)));
    SimulatorConfig d = SimulatorConfig.defaults(seed, viewers);
    FleetIdentities ids = identities(opts);
    return new SimulatorConfig(seed, viewers,
        Integer.parseInt(opts.getOrDefault("--accounts", Integer.toString(ids == null ? d.accounts() : ids.accounts().size()))),
        Integer.parseInt(opts.getOrDefault("--titles", Integer.toString(ids == null ? d.titles() : ids.titleIds().size()))),
        opts.containsKey("--start") ? Instant.parse(opts.get("--start")) : defaultStart,
        duration(opts.getOrDefault("--heartbeat", "10s")),
        duration(opts.getOrDefault("--arrival-window", "10m")),
        duration(opts.getOrDefault("--mean-watch", "8m")),
        d.exitBeforeStartRate(), d.startFailureRate(), d.playbackFailureRate(), d.concurrentShare(),
        d.stallsPerMinute(), d.seeksPerMinute(), d.pausesPerMinute(), d.switchesPerMinute());
  }

  /** {@code --identities FILE}, or null when absent (the fleet's made-up ids). */
  static FleetIdentities identities(Map<String, String> opts) throws IOException {
    String file = opts.get("--identities");
    return file == null ? null : FleetIdentities.read(Path.of(file));
  }

  /** The fleet, then fleets with the next seeds starting where the previous one ended, for as long as asked. */
  static Iterator<SimulatedView> endless(SimulatorConfig first, FleetIdentities identities) {
    return new Iterator<>() {
      SimulatorConfig config = first;
      Iterator<SimulatedView> current = new FleetSimulator(first, identities).views().iterator();

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public SimulatedView next() {
        if (!current.hasNext()) {
          config = new SimulatorConfig(config.seed() + 1, config.viewers(), config.accounts(), config.titles(),
              config.start().plus(config.arrivalWindow()), config.heartbeatInterval(), config.arrivalWindow(),
              config.meanWatch(), config.exitBeforeStartRate(), config.startFailureRate(), config.playbackFailureRate(),
              config.concurrentShare(), config.stallsPerMinute(), config.seeksPerMinute(), config.pausesPerMinute(),
              config.switchesPerMinute());
          current = new FleetSimulator(config, identities).views().iterator();
          if (!current.hasNext()) {
            throw new NoSuchElementException("a fleet of no viewers");
          }
        }
        return current.next();
      }
    };
  }

  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - (t.endsWith("ms") ? 2 : 1)));
      if (t.endsWith("ms")) {
        return Duration.ofMillis(n);
      }
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException("not a duration: " + text);
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration (90s, 10m, 2h, PT10M): " + text, e);
    }
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        unknown.add(a);
      } else if (FLAGS.contains(a)) {
        opts.put(a, "true");
      } else if (a.contains("=")) {
        opts.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else if (i + 1 < args.length) {
        opts.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException(a + " needs a value");
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unexpected arguments: " + unknown);
    }
    return opts;
  }

  private static String require(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      throw new IllegalArgumentException(name + " is required here");
    }
    return v;
  }
}
