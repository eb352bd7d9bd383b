package io.ottplatform.simulator;

import io.ottplatform.schemas.avro.StreamType;
import io.ottplatform.simulator.ViewContext.DeviceProfile;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A fleet of players. View {@code i} is a pure function of the seed and {@code i}, so the stream is lazy,
 * repeatable and cheap (no state is kept between views), and views come out in start order within the
 * jitter of a few seconds.
 *
 * <p>Each view is drawn as a story: where and on what it is watched, then one outcome (exit before
 * start, start failure, or playing until the viewer leaves, the content ends, or a fatal error), with
 * stalls, seeks, pauses and bitrate switches in between at the configured rates. The story is written
 * with {@link ViewScript}, which keeps the expected QoE.
 */
public final class FleetSimulator {

  private static final String[] CDNS = {"akamai", "fastly", "cloudfront", "edge-own"};
  /** Stall-rate multiplier per CDN: one CDN is clearly worse, so the dashboards have something to show. */
  private static final double[] CDN_STALLS = {0.8, 1.0, 1.1, 2.5};
  private static final double[] CDN_WEIGHTS = {0.35, 0.3, 0.25, 0.1};
  private static final String[] COUNTRIES = {"US", "GB", "DE", "NL", "FR", "BR", "IN", "JP", "ES", "CA", "MX", "SE"};
  private static final double[] COUNTRY_WEIGHTS = {0.3, 0.1, 0.1, 0.05, 0.08, 0.08, 0.1, 0.05, 0.05, 0.04, 0.03, 0.02};

  static final DeviceProfile[] DEVICES = {
      new DeviceProfile("desktop", "Windows", "10", "Chrome", "131.0.0.0", "web-4.12.0", "shaka-player", "4.12.5",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
          8_000),
      new DeviceProfile("desktop", "Mac OS", "10.15.7", "Safari", "18.1", "web-4.12.0", "hls.js", "1.5.17",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
          8_000),
      new DeviceProfile("desktop", "Linux", null, "Firefox", "133.0", "web-4.12.0", "dash.js", "4.7.4",
          "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", 4_500),
      new DeviceProfile("mobile", "Android", "14", "Chrome Mobile", "131.0.6778.81", "android-7.3.1", "ExoPlayer", "1.5.0",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
          2_400),
      new DeviceProfile("mobile", "iOS", "18.1", "Mobile Safari", "18.1", "ios-7.3.0", "AVPlayer", "18.1",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
          4_500),
      new DeviceProfile("tablet", "iOS", "18.1", "Mobile Safari", "18.1", "ios-7.3.0", "AVPlayer", "18.1",
          "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
          8_000),
      new DeviceProfile("tv", "Tizen", "6.5", "Samsung Browser", "4.0", "tizen-2.8.0", "shaka-player", "4.12.5",
          "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 4.0 TV Safari/537.36",
          16_000),
      new DeviceProfile("tv", "Roku OS", "13.0", null, null, "roku-3.1.0", "Roku", "13.0",
          "Roku/DVP-13.0 (13.0.0.4170-A2)", 16_000),
      new DeviceProfile("console", "Xbox", "10.0", "Edge", "131.0", "xbox-2.0.4", "shaka-player", "4.12.5",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edge/131.0",
          8_000),
  };
  private static final double[] DEVICE_WEIGHTS = {0.2, 0.08, 0.04, 0.22, 0.14, 0.06, 0.14, 0.08, 0.04};

  private static final String[] START_ERRORS = {"MANIFEST_404", "DRM_LICENSE_DENIED", "SEGMENT_TIMEOUT", "CODEC_UNSUPPORTED"};
  private static final String[] PLAYBACK_ERRORS = {"SEGMENT_404", "NETWORK_LOST", "DECODE_ERROR", "DRM_KEY_EXPIRED"};

  private final SimulatorConfig config;
  /** Null: the made-up ids ({@code acc-000042}, {@code prof-000042-1}, {@code title-0007}). */
  private final FleetIdentities identities;

  public FleetSimulator(SimulatorConfig config) {
    this(config, null);
  }

  /** A fleet that plays with the given ids; {@code identities} may be null for the made-up ones. */
  public FleetSimulator(SimulatorConfig config, FleetIdentities identities) {
    this.config = config;
    this.identities = identities;
  }

  public SimulatorConfig config() {
    return config;
  }

  /**
   * The User-Agent of the simulated device that wrote these fields (for playing a view over HTTP, where
   * ingest derives device and browser from this header).
   */
  public static String userAgentOf(io.ottplatform.schemas.avro.Device device, io.ottplatform.schemas.avro.Player player) {
    for (DeviceProfile d : DEVICES) {
      if (d.type().equals(device.getType()) && java.util.Objects.equals(d.os(), device.getOs())
          && java.util.Objects.equals(d.appVersion(), device.getAppVersion()) && d.playerName().equals(player.getName())) {
        return d.userAgent();
      }
    }
    return "ott-player-simulator/1.0";
  }

  /** All views, lazily, in index (about start) order. */
  public Stream<SimulatedView> views() {
    return IntStream.range(0, config.viewers()).mapToObj(this::view);
  }

  /** View number {@code index}, the same every time for the same seed. */
  public SimulatedView view(int index) {
    SplittableRandom rng = rngFor(index);
    long[] origin = origin(index);
    int account = (int) origin[0];
    Instant start = Instant.ofEpochMilli(origin[1]);
    double titleDraw = rng.nextDouble(); // drawn here as always; the title is chosen once the profile is known
    String sessionId = new UUID(rng.nextLong() & 0xffffffffffff0fffL | 0x4000L,
        rng.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
    int cdn = pick(rng, CDN_WEIGHTS);
    DeviceProfile device = DEVICES[pick(rng, DEVICE_WEIGHTS)];
    String country = COUNTRIES[pick(rng, COUNTRY_WEIGHTS)];
    int profileSlot = rng.nextInt(3); // drawn in both modes, so the identities change ids, never the story
    String accountId = String.format("acc-%06d", account);
    String profileId = String.format("prof-%06d-%d", account, profileSlot);
    if (identities != null) {
      FleetIdentities.Account a = identities.account(account);
      accountId = a.accountId();
      profileId = identities.profile(a, stableHash(config.seed(), index, 13));
    }
    Taste taste = Taste.of(config, profileId);
    boolean inTaste = unit(stableHash(config.seed(), index, 17)) < config.taste();
    int titleIndex = inTaste ? taste.pick(titleDraw, unit(stableHash(config.seed(), index, 29)))
        : (int) Math.min(config.titles() - 1, Math.floor(config.titles() * Math.pow(titleDraw, 2.5)));
    String titleId = identities == null ? String.format("title-%04d", titleIndex + 1) : identities.title(titleIndex);
    boolean live = stableHash(config.seed(), titleIndex, 7) % 20 == 0;
    long contentMs = live ? 0 : contentDurationMs(titleIndex);
    // a profile watches its kind of title long and leaves the others early: the signal a model learns from
    double watchScale = config.taste() == 0 || taste.likes(titleIndex) ? 1.0 : 0.35;
    ViewContext ctx = new ViewContext(sessionId, accountId, profileId, titleId, live ? StreamType.LIVE : StreamType.VOD,
        live ? null : contentMs, CDNS[cdn], country,
        String.format("198.%d.%d.0/24", 18 + account % 2, account / 2 % 256), device);

    ViewScript s = ViewScript.start(ctx, start, rng, config.heartbeatInterval());
    boolean flakyDevice = device.maxBitrateKbps() <= 2_400;
    s.droppedFramesPerHeartbeat(() -> rng.nextDouble() < (flakyDevice ? 0.3 : 0.1) ? 1 + rng.nextInt(24) : 0);
    s.ready(100 + rng.nextInt(700));

    double outcome = rng.nextDouble();
    if (outcome < config.exitBeforeStartRate()) {
      exitBeforeStart(s, rng);
      return s.build();
    }
    outcome -= config.exitBeforeStartRate();
    s.play(rng.nextInt(300));
    // resume: VOD views often start where the profile left off
    long resumeAt = !live && rng.nextDouble() < 0.3 ? (long) (contentMs * rng.nextDouble() * 0.6) : 0;
    if (outcome < config.startFailureRate()) {
      if (rng.nextDouble() < 0.5) {
        s.startupStall(200 + rng.nextInt(500), 500 + rng.nextInt(4_000));
      }
      s.playFor(300 + rng.nextInt(5_000)).fatalError(START_ERRORS[rng.nextInt(START_ERRORS.length)]);
      s.end(50 + rng.nextInt(2_000));
      return s.build();
    }
    outcome -= config.startFailureRate();
    boolean playbackFailure = outcome < config.playbackFailureRate();

    int top = Ladder.topRung(device.maxBitrateKbps());
    int rung = Math.max(0, top - 1 - rng.nextInt(3));
    long startup = startupMs(rng, device);
    if (rng.nextDouble() < 0.15 && startup > 1_500) {
      long stallAt = 200 + rng.nextInt(500);
      long stall = Math.min(startup - stallAt - 100, 300 + rng.nextInt(3_000));
      s.startupStall(stallAt, stall);
      s.firstFrame(startup - stallAt - stall, Ladder.kbps(rung));
    } else {
      s.firstFrame(startup, Ladder.kbps(rung));
    }
    if (resumeAt > 0) {
      // a resume is a seek the player does right after the first frame, as hls.js and Shaka do
      s.seek(resumeAt, rng.nextDouble() < 0.5 ? 200 + rng.nextInt(1_500) : 0, 2_000 + rng.nextInt(1_000));
    }

    double stallRate = config.stallsPerMinute() * CDN_STALLS[cdn] * (flakyDevice ? 1.5 : 1.0) / 60_000.0;
    double seekRate = live ? 0 : config.seeksPerMinute() / 60_000.0;
    double pauseRate = config.pausesPerMinute() / 60_000.0;
    double switchRate = config.switchesPerMinute() / 60_000.0;
    double totalRate = stallRate + seekRate + pauseRate + switchRate;
    long intended = Math.max(2_000, (long) (watchMs(rng) * watchScale));
    long failAt = playbackFailure ? 1_000 + (long) (rng.nextDouble() * intended) : Long.MAX_VALUE;
    long played = 0;
    while (true) {
      long gap = totalRate == 0 ? Long.MAX_VALUE : 200 + (long) (-Math.log(1 - rng.nextDouble()) / totalRate);
      long untilEnd = live ? Long.MAX_VALUE : contentMs - s.playheadMs();
      long stop = Math.min(Math.min(intended, failAt) - played, untilEnd);
      if (gap >= stop) {
        s.playFor(Math.max(0, stop));
        if (played + stop >= failAt) {
          s.fatalError(PLAYBACK_ERRORS[rng.nextInt(PLAYBACK_ERRORS.length)]).end(100 + rng.nextInt(3_000));
        } else if (stop == untilEnd) {
          s.ended(50 + rng.nextInt(500));
        } else if (rng.nextDouble() < 0.08) {
          s.pauseOnly().end(5_000 + rng.nextInt(120_000)); // left while paused
        } else {
          s.end(0);
        }
        return s.build();
      }
      s.playFor(gap);
      played += gap;
      double what = rng.nextDouble() * totalRate;
      if ((what -= stallRate) < 0) {
        long stall = rng.nextDouble() < 0.2 ? 40 + rng.nextInt(200) : (long) (400 + Math.exp(7 + rng.nextGaussian()));
        if (stall > 4_000 && rng.nextDouble() < 0.1) {
          s.rebufferStart().playFor(stall).end(0); // gave up waiting: the open stall counts to the view end
          return s.build();
        }
        s.stall(stall);
        if (rung > 0 && rng.nextDouble() < 0.6) {
          rung -= 1;
          s.switchBitrate(Ladder.kbps(rung));
        }
      } else if ((what -= seekRate) < 0) {
        long target = (long) (rng.nextDouble() * contentMs * 0.95);
        long seekStall = rng.nextDouble() < 0.6 ? 100 + rng.nextInt(2_000) : 0;
        s.seek(target, seekStall, seekStall + 200 + rng.nextInt(1_000));
      } else if ((what -= pauseRate) < 0) {
        s.pause(2_000 + (long) (-Math.log(1 - rng.nextDouble()) * 60_000), 100 + rng.nextInt(800));
      } else {
        int next = rung < top && (rung == 0 || rng.nextDouble() < 0.6) ? rung + 1 : rung - 1;
        if (next >= 0 && next != rung) {
          rung = next;
          s.switchBitrate(Ladder.kbps(rung));
        }
      }
      if (rng.nextDouble() < 0.01) {
        s.warning("FRAGMENT_RETRY");
      }
    }
  }

  private void exitBeforeStart(ViewScript s, SplittableRandom rng) {
    if (rng.nextDouble() < 0.3) {
      s.end(1_000 + rng.nextInt(8_000)); // left before even pressing play
      return;
    }
    s.play(rng.nextInt(300));
    if (rng.nextDouble() < 0.5) {
      s.startupStall(200 + rng.nextInt(300), 1_000 + rng.nextInt(20_000));
    }
    s.end(500 + rng.nextInt(15_000));
  }

  /** Log-normal startup, median about 1.1 s, slower on TVs, with a long tail. */
  private static long startupMs(SplittableRandom rng, DeviceProfile device) {
    double median = device.type().equals("tv") ? 1_800 : 1_100;
    return Math.min(30_000, 150 + (long) (median * Math.exp(0.6 * rng.nextGaussian())));
  }

  private long watchMs(SplittableRandom rng) {
    double mean = config.meanWatch().toMillis();
    // log-normal with sigma 1: mean = median * e^0.5
    return Math.max(2_000, Math.min(4 * 3_600_000L, (long) (mean / Math.exp(0.5) * Math.exp(rng.nextGaussian()))));
  }

  /**
   * A profile's taste: one or two groups of titles (contiguous ranges of the catalog's order), a stable
   * function of the seed and the profile id. In-taste titles are drawn within the main group (70 %) or
   * the second, favouring the group's first titles but flatter than overall popularity, as a fan explores
   * a genre.
   */
  record Taste(int titles, int groups, int main, int second) {

    static Taste of(SimulatorConfig config, String profileId) {
      int groups = Math.max(1, Math.min(8, config.titles() / 5));
      long h = stableHash(config.seed(), profileId.hashCode(), 19);
      int main = (int) (h % groups);
      int second = unit(stableHash(config.seed(), profileId.hashCode(), 23)) < 0.3
          ? (int) (stableHash(config.seed(), profileId.hashCode(), 31) % groups) : main;
      return new Taste(config.titles(), groups, main, second);
    }

    int groupOf(int title) {
      return (int) ((long) title * groups / titles);
    }

    boolean likes(int title) {
      int g = groupOf(title);
      return g == main || g == second;
    }

    int pick(double draw, double whichGroup) {
      int g = whichGroup < 0.7 ? main : second;
      int lo = (int) Math.ceil((double) g * titles / groups);
      int hi = (int) Math.ceil((double) (g + 1) * titles / groups);
      int size = Math.max(1, hi - lo);
      return Math.min(titles - 1, lo + (int) Math.floor(size * Math.pow(draw, 1.5)));
    }
  }

  private long contentDurationMs(int titleIndex) {
    long h = stableHash(config.seed(), titleIndex, 11);
    return h % 3 == 0 ? 5_400_000 + h % 3_600_000 : 1_200_000 + h % 2_400_000; // films and episodes
  }

  /** {account, start millis}: a concurrent view shares its predecessor's account and starts just after it. */
  private long[] origin(int index) {
    long window = config.arrivalWindow().toMillis();
    long base = config.start().toEpochMilli();
    int i = index;
    long extra = 0;
    while (i > 0 && unit(stableHash(config.seed(), i, 3)) < config.concurrentShare()) {
      extra += stableHash(config.seed(), i, 5) % 30_000;
      i--;
    }
    long slot = config.viewers() == 0 ? 0 : window * i / Math.max(1, config.viewers());
    long jitter = window == 0 ? 0 : stableHash(config.seed(), i, 4) % Math.min(5_000, window + 1);
    long account = stableHash(config.seed(), i, 2) % config.accounts();
    return new long[] {account, base + slot + jitter + extra};
  }

  private SplittableRandom rngFor(int index) {
    return new SplittableRandom(stableHash(config.seed(), index, 1));
  }

  private static int pick(SplittableRandom rng, double[] weights) {
    double u = rng.nextDouble();
    for (int i = 0; i < weights.length - 1; i++) {
      if ((u -= weights[i]) < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64 over (seed, index, salt): non-negative. */
  static long stableHash(long seed, long index, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }
}
