package io.ottplatform.e2e.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The web server of the SDK browser tests on 127.0.0.1: the test page, hls.js, dash.js and shaka-player from npm, the
 * SDK's script-tag build as the player-sdk jar ships it ({@code META-INF/resources/player-sdk/} on the classpath), and
 * the stream under {@code /media/}, whose segment {@code heldSegment} is held back once for {@code hold} before it is
 * sent: the server-side stall the SDK must report as one rebuffer. The same files under {@code /broken/} answer 404
 * for the names given to {@link #missing}: a segment the origin lost, which the player gives up on.
 */
public final class SdkTestServer implements AutoCloseable {

  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "m3u8", "application/vnd.apple.mpegurl", "ts", "video/mp2t",
      "map", "application/json", "mpd", "application/dash+xml", "m4s", "video/iso.segment");

  private final HttpServer http;
  private final ExecutorService pool;
  private final AtomicBoolean held = new AtomicBoolean();
  private final AtomicLong holdStartedAt = new AtomicLong();
  private final Set<String> missing = ConcurrentHashMap.newKeySet();
  private final AtomicInteger missingAnswered = new AtomicInteger();

  private SdkTestServer(HttpServer http, ExecutorService pool) {
    this.http = http;
    this.pool = pool;
  }

  public static SdkTestServer start(Path browserDir, Path media, String heldSegment, Duration hold) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // one thread per request: a held segment must not hold the page, the playlists or the other segments
    ExecutorService pool = Executors.newCachedThreadPool();
    http.setExecutor(pool);
    SdkTestServer server = new SdkTestServer(http, pool);
    http.createContext("/sdk-page.html", ex -> server.file(ex, browserDir.resolve("sdk-page.html")));
    http.createContext("/hls.min.js", ex -> server.file(ex, browserDir.resolve("node_modules/hls.js/dist/hls.min.js")));
    http.createContext("/dash.all.min.js",
        ex -> server.file(ex, browserDir.resolve("node_modules/dashjs/dist/modern/umd/dash.all.min.js")));
    http.createContext("/shaka-player.compiled.js",
        ex -> server.file(ex, browserDir.resolve("node_modules/shaka-player/dist/shaka-player.compiled.js")));
    http.createContext("/broken/", ex -> {
      String name = name(ex, "/broken/");
      if (server.missing.contains(name)) {
        server.missingAnswered.incrementAndGet();
        notFound(ex);
      } else {
        server.file(ex, media.resolve(name));
      }
    });
    http.createContext("/sdk/", ex -> server.resource(ex, "META-INF/resources/player-sdk/"
        + name(ex, "/sdk/")));
    http.createContext("/media/", ex -> {
      String name = name(ex, "/media/");
      if (name.equals(heldSegment) && server.held.compareAndSet(false, true)) {
        server.holdStartedAt.set(System.currentTimeMillis());
        sleep(hold);
      }
      server.file(ex, media.resolve(name));
    });
    http.start();
    return server;
  }

  public String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** Under {@code /broken/}, these file names answer 404. */
  public SdkTestServer missing(String... names) {
    missing.addAll(List.of(names));
    return this;
  }

  /** How many requests a missing file answered with 404 (a player retries before it gives up). */
  public int missingAnswered() {
    return missingAnswered.get();
  }

  /** Whether the held segment was asked for (and so held). */
  public boolean held() {
    return held.get();
  }

  /** Only a file name: no path ever leaves the directory it is served from. */
  private static String name(HttpExchange ex, String prefix) {
    String name = ex.getRequestURI().getPath().substring(prefix.length());
    return name.matches("[A-Za-z0-9._-]+") && !name.startsWith(".") ? name : "";
  }

  private void file(HttpExchange ex, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      notFound(ex);
      return;
    }
    try (InputStream in = Files.newInputStream(file)) {
      send(ex, file.getFileName().toString(), in.readAllBytes());
    }
  }

  private void resource(HttpExchange ex, String path) throws IOException {
    try (InputStream in = SdkTestServer.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        notFound(ex);
        return;
      }
      send(ex, path, in.readAllBytes());
    }
  }

  private static void send(HttpExchange ex, String name, byte[] body) throws IOException {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void notFound(HttpExchange ex) throws IOException {
    byte[] body = ("no such file: " + ex.getRequestURI().getPath()).getBytes();
    ex.sendResponseHeaders(404, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }
}
