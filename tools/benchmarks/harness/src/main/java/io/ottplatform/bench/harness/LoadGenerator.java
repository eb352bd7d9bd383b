package io.ottplatform.bench.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The one HTTP load generator of the benchmarks, run as its own JVM by the benchmark that measures a
 * service, so that load generation and service share only the CPU. Two loops:
 *
 * <ul>
 *   <li><b>open</b> (default): a fixed rate; request i is due at {@code start + i/rate} and its latency is
 *       measured from that due time, not from when it was actually sent, so a stalled server cannot hide
 *       its queueing delay (coordinated omission). At most {@code --connections} requests are in flight;
 *       a request that waits for a free connection still counts its wait.
 *   <li><b>closed</b>: {@code --connections} requests always in flight (each connection sends the next as
 *       soon as its answer is in), for throughput ceilings such as ingest's; latency from the send.
 * </ul>
 *
 * <p>It is deliberately lean, because it shares the machine's cores with the server it measures: one
 * thread, one NIO selector, pre-encoded HTTP/1.1 requests over keep-alive connections (one request at a
 * time per connection, no pipelining), responses parsed only as far as the status line,
 * {@code Content-Length} or chunked framing; latencies in an HdrHistogram ({@link Latencies}). The JDK
 * {@code HttpClient} spent 700–860 µs of CPU per request here, as much as the server.
 *
 * <p>Requests: serving-api's scenarios ({@code browse}, {@code search}, {@code playback}, from {@code
 * --token --profile --titles --country}), {@code floor} ({@code GET /ping} on {@code --floor-base}: the
 * cheapest request the server answers, the same-run reference that the scenarios' server CPU is divided
 * by), or {@code --requests FILE}, a {@link RequestPool} cycled through as one scenario named {@code
 * --scenario} (after {@code floor} when {@code --floor-base} is given). With {@code --server-pid} the
 * generator samples that process's CPU time around each measured period itself. Each scenario's result
 * is a JSON line appended to {@code --results} ({@link ScenarioResult}) and a summary line on stdout.
 */
public final class LoadGenerator {

  private static final String[] SEARCH_TERMS = {"nebula", "orbit", "har", "quiet", "drift", "light", "sto", "ri"};
  private static final long ANSWER_GRACE_NANOS = Duration.ofSeconds(30).toNanos();
  /** Sent with pooled requests: ingest-api classifies the user agent, as a browser's beacon would carry one. */
  static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      + "Chrome/120.0.0.0 Safari/537.36";

  /** One measured workload: its requests by index, what each counts for, its rate (open loop) and its server. */
  record Scenario(String name, IntFunction<byte[]> requests, IntUnaryOperator weight, int rate, InetSocketAddress address) {}

  public static void main(String[] argv) throws Exception {
    BenchArgs args = BenchArgs.declare("load-generator", "HTTP load at a fixed rate (open loop) or concurrency (closed loop)")
        .option("base", "", "the server, e.g. http://127.0.0.1:8090")
        .option("mode", "open", "open (fixed --rate) or closed (--connections always in flight)")
        .option("rate", "500", "requests/s (open loop)")
        .option("search-rate", "", "requests/s of the search scenario (default --rate)")
        .option("seconds", "10", "measured seconds per scenario")
        .option("warmup", "3", "seconds of warm-up per scenario (not measured)")
        .option("connections", "64", "connections (open: at most in flight; closed: always in flight)")
        .option("scenarios", "", "serving-api scenarios to run, in order (default browse,search,playback[,floor])")
        .option("token", "", "bearer token of serving-api's scenarios")
        .option("profile", "", "profile id of serving-api's scenarios")
        .option("titles", "", "comma-separated title ids of the playback scenario")
        .option("viewers", "", "a file of 'token profileId' lines: the playback scenario's grants go round them "
            + "(default: --token and --profile for every grant)")
        .option("country", "DE", "CloudFront-Viewer-Country header")
        .option("floor-base", "", "the admin connector whose GET /ping is the floor scenario")
        .option("requests", "", "a RequestPool file: one scenario cycling through it")
        .option("scenario", "requests", "the name of the --requests scenario")
        .option("server-pid", "", "the measured server's pid: its CPU per request is sampled around each scenario")
        .option("results", "", "file the scenarios' results are appended to, one JSON line each")
        .parseOrExit(argv);
    new LoadGenerator().run(args);
    System.exit(0);
  }

  private void run(BenchArgs args) throws Exception {
    URI base = URI.create(args.string("base"));
    InetSocketAddress server = new InetSocketAddress(base.getHost(), base.getPort());
    String country = args.string("country");
    int rate = args.atLeast("rate", 1);
    int seconds = args.atLeast("seconds", 1);
    int warmup = args.atLeast("warmup", 0);
    int connections = args.atLeast("connections", 1);
    boolean closed = switch (args.string("mode")) {
      case "open" -> false;
      case "closed" -> true;
      default -> throw new IllegalArgumentException("--mode must be open or closed, not '" + args.string("mode") + "'");
    };
    Optional<ProcessHandle> measured = args.given("server-pid") ? ProcessHandle.of(args.longValue("server-pid")) : Optional.empty();

    Map<String, Scenario> known = new LinkedHashMap<>();
    if (args.given("token")) {
      known.putAll(servingScenarios(args, base, server, rate));
    }
    if (args.given("floor-base")) {
      URI admin = URI.create(args.string("floor-base"));
      byte[] ping = ascii("GET /ping HTTP/1.1\r\nHost: " + admin.getHost() + ":" + admin.getPort() + "\r\n\r\n");
      known.put("floor", new Scenario("floor", i -> ping, i -> 1, rate, new InetSocketAddress(admin.getHost(), admin.getPort())));
    }
    List<Scenario> scenarios = new ArrayList<>();
    if (args.given("requests")) {
      List<RequestPool.Request> pool = RequestPool.read(Path.of(args.string("requests")));
      String headers = "CloudFront-Viewer-Country: " + country + "\r\nAccept: application/json\r\nUser-Agent: " + USER_AGENT + "\r\n";
      byte[][] encoded = pool.stream().map(r -> RequestPool.encode(r, base, headers)).toArray(byte[][]::new);
      if (known.containsKey("floor")) {
        scenarios.add(known.get("floor"));
      }
      scenarios.add(new Scenario(args.string("scenario"), i -> encoded[i % encoded.length],
          i -> pool.get(i % encoded.length).weight(), rate, server));
    } else {
      String names = args.given("scenarios") ? args.string("scenarios") : String.join(",", known.keySet());
      for (String name : names.split(",")) {
        Scenario s = known.get(name.trim());
        if (s == null) {
          throw new IllegalArgumentException("unknown scenario '" + name + "' (known here: " + known.keySet() + ")");
        }
        scenarios.add(s);
      }
    }

    for (Scenario scenario : scenarios) {
      try (Driver warm = new Driver(scenario, connections, closed)) {
        warm.drive(warmup); // JIT, connection pool and database caches warm up
      }
      long generatorCpu = BenchProcesses.cpuNanos(ProcessHandle.current());
      long serverCpu = measured.map(BenchProcesses::cpuNanos).orElse(0L);
      Driver.Outcome o;
      try (Driver driver = new Driver(scenario, connections, closed)) {
        o = driver.drive(seconds);
      }
      double generatorUs = (BenchProcesses.cpuNanos(ProcessHandle.current()) - generatorCpu) / 1e3 / Math.max(1, o.sent());
      double serverUs = measured.map(p -> (BenchProcesses.cpuNanos(p) - serverCpu) / 1e3 / Math.max(1, o.sent())).orElse(Double.NaN);
      ScenarioResult result = new ScenarioResult(scenario.name(), closed ? 0 : scenario.rate(), o.sent(), o.ok(), o.errors(),
          o.weight(), o.seconds(), o.latencies().percentileMs(50), o.latencies().percentileMs(99), o.latencies().maxMs(),
          generatorUs, serverUs);
      System.out.println("RESULT " + result.summary());
      if (args.given("results")) {
        Files.writeString(Path.of(args.string("results")), result.json() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    }
  }

  private static Map<String, Scenario> servingScenarios(BenchArgs args, URI base, InetSocketAddress server, int rate)
      throws IOException {
    String profile = args.string("profile");
    String[] titles = args.string("titles").split(",");
    int searchRate = args.given("search-rate") ? args.atLeast("search-rate", 1) : rate;
    String headers = "Host: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: Bearer " + args.string("token")
        + "\r\nCloudFront-Viewer-Country: " + args.string("country") + "\r\nAccept: application/json\r\n";
    Map<String, Scenario> known = new LinkedHashMap<>();
    known.put("browse", new Scenario("browse",
        i -> ascii("GET /v1/catalog/browse?profileId=" + profile + " HTTP/1.1\r\n" + headers + "\r\n"), i -> 1, rate, server));
    known.put("search", new Scenario("search", i -> ascii("GET /v1/catalog/search?profileId=" + profile + "&q="
        + SEARCH_TERMS[i % SEARCH_TERMS.length] + " HTTP/1.1\r\n" + headers + "\r\n"), i -> 1, searchRate, server));
    // grants of many viewers, as a fleet's are: each grant reserves one of its account's screens, so one account's
    // grants would queue behind each other on its row lock and stop at its plan's limit
    String[][] viewers = args.given("viewers") ? viewers(Path.of(args.string("viewers")))
        : new String[][] {{args.string("token"), profile}};
    String common = "Host: " + base.getHost() + ":" + base.getPort() + "\r\nCloudFront-Viewer-Country: "
        + args.string("country") + "\r\nAccept: application/json\r\n";
    known.put("playback", new Scenario("playback", i -> {
      String[] viewer = viewers[i % viewers.length];
      String body = "{\"profileId\":\"" + viewer[1] + "\",\"titleId\":\"" + titles[i % titles.length] + "\"}";
      return ascii("POST /v1/playback HTTP/1.1\r\n" + common + "Authorization: Bearer " + viewer[0]
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }, i -> 1, rate, server));
    return known;
  }

  /** {@code token profileId} per line. */
  private static String[][] viewers(Path file) throws IOException {
    String[][] viewers = Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")).toArray(String[][]::new);
    for (String[] v : viewers) {
      if (v.length != 2) {
        throw new IllegalArgumentException("--viewers " + file + ": each line is 'token profileId', not " + String.join(" ", v));
      }
    }
    if (viewers.length == 0) {
      throw new IllegalArgumentException("--viewers " + file + " lists no viewer");
    }
    return viewers;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** One measured run: a selector loop that sends each request when due (or when a connection frees) and reads the answers. */
  private static final class Driver implements AutoCloseable {

    record Outcome(long sent, long ok, long errors, long weight, double seconds, Latencies latencies) {}

    private final Scenario scenario;
    private final int maxConnections;
    private final boolean closed;
    private final Selector selector;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> all = new ArrayList<>();
    /** Requests that are due but wait for a free connection (indices; open loop). */
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
    private final Latencies latencies = new Latencies();

    private long start;
    private long intervalNanos;
    private int next;
    private long ok;
    private long errors;
    private long weight;
    private long answered;

    Driver(Scenario scenario, int maxConnections, boolean closed) throws IOException {
      this.scenario = scenario;
      this.maxConnections = maxConnections;
      this.closed = closed;
      this.selector = Selector.open();
    }

    Outcome drive(int seconds) throws IOException {
      if (seconds == 0) {
        return new Outcome(0, 0, 0, 0, 0, latencies);
      }
      start = System.nanoTime();
      long end = start + Duration.ofSeconds(seconds).toNanos();
      long n = closed ? Long.MAX_VALUE : (long) scenario.rate() * seconds;
      intervalNanos = closed ? 0 : 1_000_000_000L / scenario.rate();
      long giveUpAt = end + ANSWER_GRACE_NANOS;
      while (System.nanoTime() < giveUpAt) {
        long now = System.nanoTime();
        boolean sending = closed ? now < end : next < n;
        if (!sending && answered >= next) {
          break;
        }
        if (closed) {
          while (now < end && (!idle.isEmpty() || all.size() < maxConnections)) {
            waiting.add(next++);
            dispatch();
          }
        } else {
          while (next < n && due(next) <= now) {
            waiting.add(next++);
          }
          dispatch();
        }
        long untilNext = !closed && next < n ? due(next) - System.nanoTime() : 50_000_000L;
        if (untilNext <= 0) {
          selector.selectNow();
        } else {
          selector.select(Math.max(1, untilNext / 1_000_000)); // ms resolution: a request is sent at most ~1 ms late, and that counts
        }
        for (SelectionKey key : selector.selectedKeys()) {
          ((Connection) key.attachment()).ready(key);
        }
        selector.selectedKeys().clear();
      }
      long stop = System.nanoTime();
      long unanswered = next - answered;
      for (Connection c : all) {
        if (c.index >= 0) {
          latencies.recordNanos(stop - (closed ? c.sentAt : due(c.index))); // never answered: at least this late
        }
      }
      for (int i : waiting) {
        latencies.recordNanos(stop - due(i));
      }
      errors += unanswered;
      double elapsed = (stop - start) / 1e9;
      return new Outcome(next, ok, errors, weight, elapsed, latencies);
    }

    private long due(int index) {
      return start + index * intervalNanos;
    }

    private void dispatch() throws IOException {
      while (!waiting.isEmpty()) {
        Connection c = idle.poll();
        if (c == null) {
          if (all.size() >= maxConnections) {
            return;
          }
          c = new Connection(this, scenario.address());
          all.add(c);
        }
        int index = waiting.poll();
        c.send(index, scenario.requests().apply(index));
      }
    }

    void answered(Connection c, int index, long sentAt, boolean success) {
      latencies.recordNanos(System.nanoTime() - (closed ? sentAt : due(index)));
      answered++;
      if (success) {
        ok++;
        weight += scenario.weight().applyAsInt(index);
      } else {
        errors++;
      }
      idle.add(c);
    }

    void failed(Connection c, int index, long sentAt) {
      if (index >= 0) {
        latencies.recordNanos(System.nanoTime() - (closed ? sentAt : due(index)));
        answered++;
        errors++;
      }
      all.remove(c);
      idle.remove(c);
    }

    @Override
    public void close() throws IOException {
      for (Connection c : all) {
        c.channel.close();
      }
      selector.close();
    }
  }

  /** A keep-alive connection with at most one request outstanding, and the framing of its answer. */
  private static final class Connection {

    private final Driver driver;
    private final SocketChannel channel;
    private final SelectionKey key;
    private ByteBuffer out;
    private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private int index = -1;
    private long sentAt;

    Connection(Driver driver, InetSocketAddress server) throws IOException {
      this.driver = driver;
      this.channel = SocketChannel.open();
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(server); // blocking connect to localhost: once per connection
      channel.configureBlocking(false);
      this.key = channel.register(driver.selector, 0, this);
    }

    void send(int requestIndex, byte[] request) throws IOException {
      index = requestIndex;
      sentAt = System.nanoTime();
      out = ByteBuffer.wrap(request);
      in.clear();
      write();
    }

    void ready(SelectionKey k) {
      try {
        if (k.isValid() && k.isWritable()) {
          write();
        }
        if (k.isValid() && k.isReadable()) {
          read();
        }
      } catch (IOException e) {
        fail();
      }
    }

    private void write() throws IOException {
      channel.write(out);
      key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
    }

    private void read() throws IOException {
      if (!in.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        bigger.put(in);
        in = bigger;
      }
      int n = channel.read(in);
      if (n < 0) {
        fail();
        return;
      }
      int status = Http.completeResponseStatus(in.array(), in.position());
      if (status > 0) {
        key.interestOps(0);
        int answeredIndex = index;
        index = -1;
        driver.answered(this, answeredIndex, sentAt, status < 400);
      }
    }

    private void fail() {
      key.cancel();
      try {
        channel.close();
      } catch (IOException ignored) {
        // already broken
      }
      int failedIndex = index;
      index = -1;
      driver.failed(this, failedIndex, sentAt);
    }
  }

  /** Just enough HTTP/1.1 response framing: status line, Content-Length or chunked. */
  static final class Http {
    private Http() {}

    /** The status code once {@code buf[0, length)} holds one whole response, else -1. */
    static int completeResponseStatus(byte[] buf, int length) {
      int headerEnd = indexOf(buf, 0, length, "\r\n\r\n");
      if (headerEnd < 0) {
        return -1;
      }
      String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(head.substring(9, 12));
      int bodyStart = headerEnd + 4;
      String lower = head.toLowerCase(java.util.Locale.ROOT);
      int cl = lower.indexOf("\r\ncontent-length:");
      if (cl >= 0) {
        int eol = lower.indexOf("\r\n", cl + 2);
        long contentLength = Long.parseLong(lower.substring(cl + 17, eol < 0 ? lower.length() : eol).trim());
        return length - bodyStart >= contentLength ? status : -1;
      }
      if (lower.contains("\r\ntransfer-encoding: chunked")) {
        int pos = bodyStart;
        while (true) {
          int lineEnd = indexOf(buf, pos, length, "\r\n");
          if (lineEnd < 0) {
            return -1;
          }
          String sizeField = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
          int semicolon = sizeField.indexOf(';');
          int size = Integer.parseInt((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
          if (size == 0) {
            return indexOf(buf, lineEnd, length, "\r\n\r\n") == lineEnd ? status : -1; // no trailers
          }
          pos = lineEnd + 2 + size + 2;
          if (pos > length) {
            return -1;
          }
        }
      }
      return status == 204 || status == 304 ? status : -1; // no body and no framing: nothing more to wait for
    }

    private static int indexOf(byte[] buf, int from, int to, String needle) {
      byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
      outer:
      for (int i = from; i <= to - n.length; i++) {
        for (int j = 0; j < n.length; j++) {
          if (buf[i + j] != n[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }

}
