package io.ottplatform.simulator;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.simulator.sink.HttpSink;
import io.ottplatform.simulator.sink.KafkaSink;
import io.ottplatform.simulator.sink.PlayerClock;
import io.ottplatform.simulator.sink.RetryPolicy;
import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.MintedTokens;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import io.ottplatform.simulator.token.ServingGrants;
import io.ottplatform.simulator.token.TokenSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The simulator's command line, on the platform's one settings loader ({@code libs/config}): the bundled
 * {@code player-simulator.yml}, {@code --config FILE}, {@code --set key=value}, and every setting also as a
 * flag of its own name ({@code --viewers 200}), which keeps the documented flags working.
 *
 * <pre>
 * # the demo's way: each view's token from serving-api's grant (log in as the viewer, POST /v1/playback)
 * SimulatorCli --target http://127.0.0.1:8081 --serving http://127.0.0.1:8090 --identities ids.json --viewers 150
 * # without a serving-api: tokens minted with a development key whose JWKS ingest-api trusts
 * SimulatorCli --target http://127.0.0.1:8081 --token-key keys/playback-token-private.pem --viewers 200 --speed 10
 * # pre-fill a benchmark topic with 10 million events, as fast as the broker takes them
 * SimulatorCli --kafka 127.0.0.1:9092 --events 10000000
 * # a development key pair: the private key for the simulator, the JWKS for ingest-api
 * SimulatorCli --keygen keys/
 * </pre>
 */
public final class SimulatorCli {

  /** Flags that take no value. */
  private static final Set<String> SWITCHES = Set.of("gzip");
  /** Arguments the settings loader reads itself. */
  private static final Set<String> LOADER_ARGS = Set.of("--config", "--set");

  static final String USAGE = String.join("\n",
      "usage: SimulatorCli (--target URL (--serving URL --identities FILE | --token-key PEM) | --kafka BOOTSTRAP --events N",
      "                     | --keygen DIR) [--KEY VALUE ...] [--config FILE] [--set KEY=VALUE ...] [--help]",
      "Every setting below is also a flag of its own name (--viewers 200 is --set viewers=200).");

  private SimulatorCli() {}

  public static void main(String[] args) throws Exception {
    int code;
    try {
      code = run(args, System.out, System.getenv());
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("(SimulatorCli --help lists every setting)");
      code = 2;
    }
    System.exit(code);
  }

  /** What to do, read and checked at once. */
  record Plan(String target, String serving, Path tokenKey, String tokenKid, String issuer, String audience,
              String kafka, long events, Path keygen, double speed, int batchEvents, int concurrency,
              String countryHeader, boolean gzip, Path expected, int maxQueuedEvents, Duration giveUpAfter,
              Duration grantPatience, Duration retryInitial, Duration retryMax, Duration unpacedLead,
              Path identities, SimulatorConfig fleet) {}

  static int run(String[] args, PrintStream out, Map<String, String> env) throws Exception {
    Settings s = Settings.load("player-simulator", settingsArgs(args), env);
    Plan plan = read(s, Instant.now());
    if (s.helpRequested() || args.length == 0) {
      out.println(USAGE);
      out.println(s.help());
      return 0;
    }
    s.finish();
    if (plan.keygen() != null) {
      Path key = DevKeys.write(DevKeys.generate(), plan.tokenKid(), plan.keygen());
      out.println("wrote " + key + " and " + key.resolveSibling(DevKeys.JWKS_FILE) + " (kid " + plan.tokenKid() + ")");
      return 0;
    }
    FleetIdentities identities = plan.identities() == null ? null : FleetIdentities.read(plan.identities());
    if (plan.kafka() != null) {
      out.printf("producing %,d events to %s on %s (seed %d)%n", plan.events(), Topics.PLAYBACK_EVENTS.name(),
          plan.kafka(), plan.fleet().seed());
      new KafkaSink(plan.kafka(), Topics.PLAYBACK_EVENTS, out).produce(endless(plan.fleet(), identities), plan.events());
      return 0;
    }
    TokenSource tokens = plan.serving() != null
        ? new ServingGrants(URI.create(plan.serving()), identities, plan.countryHeader())
        : new MintedTokens(new PlaybackTokenMinter(PlaybackTokenMinter.readPrivateKey(plan.tokenKey()), plan.tokenKid(),
            plan.issuer(), plan.audience(), PlaybackTokenClaims.DEFAULT_TTL, Clock.systemUTC()));
    HttpSink.Options defaults = HttpSink.Options.defaults(URI.create(plan.target()));
    HttpSink.Options options = new HttpSink.Options(defaults.target(), plan.batchEvents(),
        plan.fleet().heartbeatInterval(), plan.speed(), plan.concurrency(), plan.countryHeader(), plan.gzip(),
        defaults.viewWindow(), plan.maxQueuedEvents(), plan.giveUpAfter(), plan.grantPatience(),
        new RetryPolicy(plan.retryInitial(), plan.retryMax(),
            () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble()), plan.unpacedLead());
    out.printf("playing %,d views through %s with %s (seed %d, %s, fleet from %s)%n", plan.fleet().viewers(),
        options.target(), tokens.describe(), plan.fleet().seed(),
        plan.speed() == 0 ? "unpaced" : plan.speed() + "x, never ahead of real time", plan.fleet().start());
    HttpSink.Result r;
    try (ExpectedQoeWriter expected = plan.expected() == null ? null : new ExpectedQoeWriter(plan.expected())) {
      r = new HttpSink(options, tokens, expected, out).play(new FleetSimulator(plan.fleet(), identities).views().iterator());
    }
    out.printf("done: %,d views, %,d requests, %,d events posted, %,d accepted, %,d rejected, %,d retries, "
            + "%,d requests failed, %,d events dropped from full view queues, %,d grants deferred (screens in use), "
            + "%,d views without a token, statuses %s, %.1f s%n", r.views(), r.requests(), r.eventsPosted(),
        r.eventsAccepted(), r.eventsRejected(), r.retries(), r.failedRequests(), r.droppedEvents(), r.deferredGrants(),
        r.refusedViews(), r.statuses(), r.seconds());
    if (plan.expected() != null) {
      out.println("expected QoE of the " + r.views() + " played views (JSON lines): " + plan.expected());
    }
    return r.failedRequests() == 0 && r.refusedViews() == 0 ? 0 : 1;
  }

  /** Every setting read once, so {@code --help} lists them all and every bad value is reported together. */
  static Plan read(Settings s, Instant now) throws IOException {
    String target = blankToNull(s.string("target", "", "ingest-api to post to, e.g. http://127.0.0.1:8081"));
    String serving = blankToNull(s.string("serving", "",
        "serving-api to get each view's token from (log in, POST /v1/playback), e.g. http://127.0.0.1:8090"));
    String tokenKey = blankToNull(s.string("token-key", "",
        "instead of serving: a PKCS#8 P-256 key (see keygen) to mint tokens with"));
    String tokenKid = s.string("token-kid", "dev-1", "key id in minted tokens' header (and keygen's JWKS)");
    String issuer = s.string("issuer", PlaybackTokenClaims.ISSUER, "minted tokens' iss");
    String audience = s.string("audience", PlaybackTokenClaims.AUDIENCE, "minted tokens' aud");
    String kafka = blankToNull(s.string("kafka", "", "instead of target: produce to " + Topics.PLAYBACK_EVENTS.name()
        + " on this bootstrap address"));
    long events = s.longValue("events", 0, 0, Long.MAX_VALUE, "with kafka: how many events to produce");
    String keygen = blankToNull(s.string("keygen", "", "only write " + DevKeys.PRIVATE_KEY_FILE + " and "
        + DevKeys.JWKS_FILE + " into this folder"));
    double speed = s.decimal("speed", 0, 0, 10_000, "player clock at this many times real time, never ahead of it; "
        + "0 = unpaced (views that already happened)");
    int batchEvents = s.integer("batch-events", 50, 1, 300, "events per request at most");
    int concurrency = s.integer("concurrency", 64, 1, 10_000, "requests in flight at most");
    String countryHeader = s.string("country-header", "CloudFront-Viewer-Country", "CDN country header to send");
    boolean gzip = s.bool("gzip", false, "gzip request bodies");
    String expected = blankToNull(s.string("expected", "", "write each played view's expected QoE here (JSON lines)"));
    int maxQueued = s.integer("max-queued-events", 1_000, 1, 1_000_000,
        "per view, events waiting behind a failing batch (then the oldest heartbeats are dropped)");
    Duration giveUpAfter = s.duration("give-up-after", "10m", "a batch still failing after this long is given up");
    Duration grantPatience = s.duration("grant-patience", "10m",
        "a view that gets no grant for this long (all screens in use) is given up");
    Duration retryInitial = s.duration("retry-initial", "1s", "first retry backoff (doubles, with jitter)");
    Duration retryMax = s.duration("retry-max", "60s", "longest retry backoff");
    Duration unpacedLead = s.duration("unpaced-lead", "5s", "unpaced: how far ahead in player time of the oldest "
        + "unanswered batch a batch may leave (the QoE job's out-of-orderness bound)");

    long seed = s.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, "everything is a function of the seed");
    String identitiesFile = blankToNull(s.string("identities", "",
        "serving-api's ids (and logins) to play with: {\"accounts\":[{\"accountId\":..,\"profileIds\":[..],"
            + "\"email\":..,\"password\":..,\"deviceId\":..}],\"titleIds\":[..]}"));
    FleetIdentities ids = null;
    if (identitiesFile != null && !s.helpRequested()) {
      try {
        ids = FleetIdentities.read(Path.of(identitiesFile));
      } catch (IOException | IllegalArgumentException e) {
        s.check(false, "identities = '" + identitiesFile + "': " + e.getMessage());
      }
    }
    int defaultViewers = kafka != null ? (int) Math.min(Integer.MAX_VALUE, Math.max(1, events / 40)) : 100;
    int viewers = s.integer("viewers", defaultViewers, 0, Integer.MAX_VALUE, "views to play");
    SimulatorConfig d = SimulatorConfig.defaults(seed, Math.max(viewers, 0));
    int accounts = s.integer("accounts", ids == null ? d.accounts() : ids.accounts().size(), 1, Integer.MAX_VALUE,
        "account pool (default: the identities' accounts)");
    int titles = s.integer("titles", ids == null ? d.titles() : ids.titleIds().size(), 1, Integer.MAX_VALUE,
        "catalog size (default: the identities' titles)");
    Duration heartbeat = s.duration("heartbeat", "10s", "SDK heartbeat (and batch) interval");
    Duration arrivalWindow = s.duration("arrival-window", "10m", "views start spread over this window");
    Duration meanWatch = s.duration("mean-watch", "8m", "mean intended watch time");
    double taste = s.decimal("taste", d.taste(), 0, 1, "share of a profile's views inside its taste (0: no tastes, "
        + "every view by popularity)");
    String startText = s.string("start", "", "first view's start (ISO instant); default: "
        + "unpaced 12 h ago, paced early enough that the sped-up clock stays behind real time, kafka a fixed instant");
    Instant start;
    if (startText.isBlank()) {
      start = kafka != null ? SimulatorConfig.DEFAULT_START
          : speed > 0 ? Instant.ofEpochMilli(PlayerClock.pacedStart(now.toEpochMilli(), speed,
              arrivalWindow.plus(meanWatch.multipliedBy(2)).toMillis()))
          : now.minus(Duration.ofHours(12)); // unpaced views already happened: ingest refuses clocks far ahead
    } else {
      try {
        start = Instant.parse(startText.trim());
      } catch (DateTimeParseException e) {
        s.check(false, "start = '" + startText + "': not an ISO instant like 2026-11-25T20:00:00Z");
        start = now;
      }
    }

    int modes = (target != null ? 1 : 0) + (kafka != null ? 1 : 0) + (keygen != null ? 1 : 0);
    s.check(modes == 1 || s.helpRequested(), "say where to (exactly one): target, kafka or keygen");
    if (target != null) {
      s.check((serving != null) != (tokenKey != null),
          "target needs exactly one token source: serving (the demo's way) or token-key");
      s.check(serving == null || identitiesFile != null,
          "serving needs identities (accounts with email and password to log in as)");
    }
    s.check(kafka == null || events > 0, "kafka needs events > 0");
    s.check(!retryMax.minus(retryInitial).isNegative(), "retry-max must be >= retry-initial");
    SimulatorConfig fleet = null;
    try {
      fleet = new SimulatorConfig(seed, viewers, accounts, titles, start, heartbeat, arrivalWindow, meanWatch,
          d.exitBeforeStartRate(), d.startFailureRate(), d.playbackFailureRate(), d.concurrentShare(),
          d.stallsPerMinute(), d.seeksPerMinute(), d.pausesPerMinute(), d.switchesPerMinute(), taste);
    } catch (IllegalArgumentException e) {
      s.check(false, e.getMessage());
    }
    return new Plan(target, serving, tokenKey == null ? null : Path.of(tokenKey), tokenKid, issuer, audience, kafka,
        events, keygen == null ? null : Path.of(keygen), speed, batchEvents, concurrency, countryHeader, gzip,
        expected == null ? null : Path.of(expected), maxQueued, giveUpAfter, grantPatience, retryInitial, retryMax,
        unpacedLead, identitiesFile == null ? null : Path.of(identitiesFile), fleet);
  }

  /**
   * The documented flags as the loader's {@code --set}: {@code --viewers 200} and {@code --viewers=200}
   * become {@code --set viewers=200}, a switch ({@code --gzip}) {@code --set gzip=true}.
   */
  static String[] settingsArgs(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h") || !a.startsWith("--")) {
        out.add(a); // the loader reports a stray word
      } else if (LOADER_ARGS.contains(a)) {
        out.add(a);
        if (i + 1 < args.length) {
          out.add(args[++i]);
        }
      } else if (a.contains("=")) {
        out.add("--set");
        out.add(a.substring(2));
      } else if (SWITCHES.contains(a.substring(2))) {
        out.add("--set");
        out.add(a.substring(2) + "=true");
      } else if (i + 1 < args.length) {
        out.add("--set");
        out.add(a.substring(2) + "=" + args[++i]);
      } else {
        out.add("--set");
        out.add(a.substring(2)); // the loader reports "expected key=value"
      }
    }
    return out.toArray(new String[0]);
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
              config.switchesPerMinute(), config.taste());
          current = new FleetSimulator(config, identities).views().iterator();
          if (!current.hasNext()) {
            throw new NoSuchElementException("a fleet of no viewers");
          }
        }
        return current.next();
      }
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
