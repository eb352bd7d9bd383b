package io.ottplatform.media.playback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.media.keys.KeyStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the browser test's players fetch, on 127.0.0.1 and a free port: the player page and npm packages
 * ({@code /play.html}, {@code /node_modules/...}), the published origin ({@code /origin/<title>/...}) and the
 * HLS AES-128 key endpoint ({@code /keys/<title>/hls}, the key-URI template the pipeline writes into playlists).
 * {@code POST /test/hls-key-mode?wrong} makes the key endpoint answer 16 other bytes ({@code ?right} undoes it);
 * key requests are counted per mode so the test knows the player did ask for the key.
 */
final class PlaybackServer implements AutoCloseable {

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "application/javascript", "m3u8", "application/vnd.apple.mpegurl",
      "mpd", "application/dash+xml", "m4s", "video/iso.segment", "mp4", "video/mp4", "ts", "video/mp2t",
      "vtt", "text/vtt", "jpg", "image/jpeg", "json", "application/json");

  private final HttpServer http;
  private final ExecutorService executor;
  private final AtomicReference<String> keyMode = new AtomicReference<>("right");
  private final Map<String, AtomicInteger> keyRequests = new ConcurrentHashMap<>();

  private PlaybackServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  static PlaybackServer start(Path browserDir, Path originDir, KeyStore keys) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    http.setExecutor(executor);
    PlaybackServer server = new PlaybackServer(http, executor);
    http.createContext("/play.html", ex -> server.file(ex, browserDir, ex.getRequestURI().getPath()));
    http.createContext("/node_modules/", ex -> server.file(ex, browserDir, ex.getRequestURI().getPath()));
    http.createContext("/origin/", ex -> server.file(ex, originDir,
        ex.getRequestURI().getPath().substring("/origin".length())));
    http.createContext("/keys/", ex -> server.key(ex, keys));
    http.createContext("/test/hls-key-mode", server::setKeyMode);
    http.start();
    return server;
  }

  String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  int keyRequests(String mode) {
    return keyRequests.getOrDefault(mode, new AtomicInteger()).get();
  }

  private void file(HttpExchange ex, Path root, String path) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    Path file = base.resolve(path.replaceFirst("^/+", "")).normalize();
    if (!file.startsWith(base) || !Files.isRegularFile(file)) {
      send(ex, 404, "text/plain", ("not found: " + path).getBytes());
      return;
    }
    String name = file.getFileName().toString();
    String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
    send(ex, 200, type, Files.readAllBytes(file));
  }

  private void key(HttpExchange ex, KeyStore keys) throws IOException {
    String[] parts = ex.getRequestURI().getPath().split("/"); // "", "keys", title, "hls"
    Optional<ContentKeys> k = parts.length == 4 && parts[3].equals("hls") ? keys.find(parts[2]) : Optional.empty();
    if (k.isEmpty()) {
      send(ex, 404, "text/plain", ("no key for " + ex.getRequestURI().getPath()).getBytes());
      return;
    }
    String mode = keyMode.get();
    keyRequests.computeIfAbsent(mode, m -> new AtomicInteger()).incrementAndGet();
    byte[] key = k.get().hlsKey().clone();
    if (mode.equals("wrong")) {
      for (int i = 0; i < key.length; i++) {
        key[i] ^= (byte) 0xa5;
      }
    }
    send(ex, 200, "application/octet-stream", key);
  }

  private void setKeyMode(HttpExchange ex) throws IOException {
    String mode = String.valueOf(ex.getRequestURI().getQuery());
    if (!ex.getRequestMethod().equals("POST") || !(mode.equals("right") || mode.equals("wrong"))) {
      send(ex, 400, "text/plain", ("POST ?right or ?wrong, got " + ex.getRequestMethod() + " ?" + mode).getBytes());
      return;
    }
    keyMode.set(mode);
    send(ex, 204, "text/plain", new byte[0]);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    // keys and manifests must not be reused from a cache between cases
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
