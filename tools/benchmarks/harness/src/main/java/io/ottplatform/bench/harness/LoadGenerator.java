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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The load generator, run as its own JVM by {@link ServingBenchmark}. Open loop at a fixed rate:
 * request i is due at {@code start + i/rate} and its latency is measured from that due time, not
 * from when it was actually sent, so a stalled server cannot hide its queueing delay
 * (coordinated omission). Prints one {@code RESULT} line per scenario.
 *
 * <p>It is deliberately lean, because it shares the machine's cores with the server it measures:
 * one thread, one NIO selector, pre-encoded HTTP/1.1 requests over keep-alive connections (one
 * request at a time per connection, no pipelining), responses parsed only as far as the status line,
 * {@code Content-Length} or chunked framing. The JDK {@code HttpClient} it replaces spent 700–860 µs
 * of CPU per request here, as much as the server. At most {@code --connections} requests are in
 * flight (default 64); a request that waits for a free connection still counts its wait.
 *
 * <p>Arguments: {@code --base URL --token T --profile P --titles id,id,.. --country CC --rate N
 * --search-rate N --seconds S --warmup S --connections N --scenarios browse,search,playback} (the last
 * picks and orders the scenarios; default all known ones), and {@code --floor-base URL}: the admin connector,
 * whose {@code GET /ping} (scenario {@code floor}, at {@code --rate}) is the cheapest request this
 * server answers, the same-run reference that the scenarios' server CPU is divided by.
 */
public final class LoadGenerator {

  private static final String[] SEARCH_TERMS = {"nebula", "orbit", "har", "quiet", "drift", "light", "sto", "ri"};
  private static final long ANSWER_GRACE_NANOS = Duration.ofSeconds(30).toNanos();

  private final Map<String, String> args;

  private LoadGenerator(Map<String, String> args) {
    this.args = args;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new LoadGenerator(args).run();
    System.exit(0);
  }

  private void run() throws Exception {
    URI base = URI.create(args.get("base"));
    String token = args.get("token");
    String profile = args.get("profile");
    String country = args.getOrDefault("country", "DE");
    String[] titles = args.get("titles").split(",");
    int rate = Integer.parseInt(args.getOrDefault("rate", "500"));
    int searchRate = Integer.parseInt(args.getOrDefault("search-rate", Integer.toString(rate)));
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "10"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "3"));
    int connections = Integer.parseInt(args.getOrDefault("connections", "64"));
    InetSocketAddress server = new InetSocketAddress(base.getHost(), base.getPort());
    String headers = "Host: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: Bearer " + token
        + "\r\nCloudFront-Viewer-Country: " + country + "\r\nAccept: application/json\r\n";

    IntFunction<byte[]> browse = i -> ascii("GET /v1/catalog/browse?profileId=" + profile + " HTTP/1.1\r\n" + headers + "\r\n");
    IntFunction<byte[]> search = i -> ascii("GET /v1/catalog/search?profileId=" + profile + "&q="
        + SEARCH_TERMS[i % SEARCH_TERMS.length] + " HTTP/1.1\r\n" + headers + "\r\n");
    IntFunction<byte[]> playback = i -> {
      String body = "{\"profileId\":\"" + profile + "\",\"titleId\":\"" + titles[i % titles.length] + "\"}";
      return ascii("POST /v1/playback HTTP/1.1\r\n" + headers + "Content-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body);
    };

    record Scenario(String name, IntFunction<byte[]> requests, int rate, InetSocketAddress address) {}
    Map<String, Scenario> known = new LinkedHashMap<>();
    known.put("browse", new Scenario("browse", browse, rate, server));
    known.put("search", new Scenario("search", search, searchRate, server));
    known.put("playback", new Scenario("playback", playback, rate, server));
    if (args.containsKey("floor-base")) {
      URI admin = URI.create(args.get("floor-base"));
      byte[] ping = ascii("GET /ping HTTP/1.1\r\nHost: " + admin.getHost() + ":" + admin.getPort() + "\r\n\r\n");
      known.put("floor", new Scenario("floor", i -> ping, rate, new InetSocketAddress(admin.getHost(), admin.getPort())));
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (String name : args.getOrDefault("scenarios", String.join(",", known.keySet())).split(",")) {
      Scenario s = known.get(name.trim());
      if (s == null) {
        throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + known.keySet() + ")");
      }
      scenarios.add(s);
    }
    // Hook for RecommendationsBenchmark: --requests FILE (lines "token<TAB>/path?query") replaces the three
    // scenarios above by one GET scenario named --scenario, cycling through the lines (many viewers).
    if (args.containsKey("requests")) {
      List<byte[]> lines = new ArrayList<>();
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(args.get("requests")))) {
        String[] f = line.split("\t", 2);
        lines.add(ascii("GET " + f[1] + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
            + "\r\nAuthorization: Bearer " + f[0] + "\r\nCloudFront-Viewer-Country: " + country
            + "\r\nAccept: application/json\r\n\r\n"));
      }
      scenarios = new ArrayList<>();
      if (known.containsKey("floor")) {
        scenarios.add(known.get("floor"));
      }
      scenarios.add(new Scenario(args.getOrDefault("scenario", "requests"), i -> lines.get(i % lines.size()), rate, server));
    }
    for (Scenario scenario : scenarios) {
      try (Driver warm = new Driver(scenario.address(), connections)) {
        warm.drive(scenario.requests(), scenario.rate(), warmup); // JIT, connection pool and database caches warm up
      }
      System.out.println("MEASURE " + scenario.name()); // the benchmark samples the server's CPU time here and at RESULT
      System.out.flush();
      long cpuBefore = cpuNanos();
      Result r;
      try (Driver driver = new Driver(scenario.address(), connections)) {
        r = driver.drive(scenario.requests(), scenario.rate(), seconds);
      }
      double cpuUsPerRequest = (cpuNanos() - cpuBefore) / 1e3 / r.sent;
      System.out.printf("RESULT %s rate=%d sent=%d ok=%d errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f"
              + " generator_cpu_us_per_req=%.0f%n", scenario.name(), scenario.rate(), r.sent, r.ok, r.errors,
          r.percentile(50), r.percentile(99), r.percentile(100), r.rps, cpuUsPerRequest);
      System.out.flush();
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** CPU time of this JVM so far: the generator shares the machine's cores with the server it measures. */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** One measured run: a selector loop that sends each request when due and reads the answers. */
  private static final class Driver implements AutoCloseable {

    private final InetSocketAddress server;
    private final int maxConnections;
    private final Selector selector;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> all = new ArrayList<>();
    /** Requests that are due but wait for a free connection (indices). */
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>();

    private long start;
    private long intervalNanos;
    private long[] latencies;
    private IntFunction<byte[]> requests;
    private int ok;
    private int errors;
    private int answered;

    Driver(InetSocketAddress server, int maxConnections) throws IOException {
      this.server = server;
      this.maxConnections = maxConnections;
      this.selector = Selector.open();
    }

    Result drive(IntFunction<byte[]> requests, int rate, int seconds) throws IOException {
      int n = rate * seconds;
      this.requests = requests;
      this.latencies = new long[n];
      Arrays.fill(latencies, -1);
      this.intervalNanos = 1_000_000_000L / rate;
      this.start = System.nanoTime();
      int next = 0;
      long giveUpAt = start + n * intervalNanos + ANSWER_GRACE_NANOS;
      while (answered < n && System.nanoTime() < giveUpAt) {
        long now = System.nanoTime();
        while (next < n && due(next) <= now) {
          waiting.add(next++);
        }
        dispatch();
        long untilNext = next < n ? due(next) - System.nanoTime() : 100_000_000L;
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
      long end = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (latencies[i] < 0) {
          latencies[i] = end - due(i); // never answered: at least this late
          errors++;
        }
      }
      double elapsed = (end - start) / 1e9;
      return new Result(n, ok, errors, latencies, ok / elapsed);
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
          c = new Connection(this);
          all.add(c);
        }
        int index = waiting.poll();
        c.send(index, requests.apply(index));
      }
    }

    void answered(Connection c, int index, boolean success) {
      latencies[index] = System.nanoTime() - due(index);
      answered++;
      if (success) {
        ok++;
      } else {
        errors++;
      }
      idle.add(c);
    }

    void failed(Connection c, int index) {
      if (index >= 0) {
        latencies[index] = System.nanoTime() - due(index);
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

    Connection(Driver driver) throws IOException {
      this.driver = driver;
      this.channel = SocketChannel.open();
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(driver.server); // blocking connect to localhost: once per connection
      channel.configureBlocking(false);
      this.key = channel.register(driver.selector, 0, this);
    }

    void send(int requestIndex, byte[] request) throws IOException {
      index = requestIndex;
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
        driver.answered(this, answeredIndex, status < 400);
      }
    }

    private void fail() {
      key.cancel();
      try {
        channel.close();
      } catch (IOException ignored) {
        // already broken
      }
      driver.failed(this, index);
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

  private record Result(int sent, int ok, int errors, long[] latencies, double rps) {
    double percentile(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }
  }
}
