package io.ottplatform.ingest.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The player page, its npm packages, the HLS stream ({@code /hls/}) and the DASH stream ({@code /dash/}) on 127.0.0.1
 * and a free port: another origin than ingest-api's, so the browser preflights the players' CMCD posts as it would
 * in production. Query strings (players add {@code ?CMCD=} to media requests in request mode) are ignored.
 */
final class StaticServer implements AutoCloseable {

  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "application/javascript", "m3u8", "application/vnd.apple.mpegurl", "ts", "video/mp2t",
      "mpd", "application/dash+xml", "m4s", "video/iso.segment");

  private final HttpServer http;
  private final ExecutorService executor;

  private StaticServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  static StaticServer start(Path browserDir, Path streamDir, Path dashDir) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    http.setExecutor(executor);
    http.createContext("/cmcd.html", ex -> file(ex, browserDir, ex.getRequestURI().getPath()));
    http.createContext("/node_modules/", ex -> file(ex, browserDir, ex.getRequestURI().getPath()));
    http.createContext("/hls/", ex -> file(ex, streamDir, ex.getRequestURI().getPath().substring("/hls".length())));
    http.createContext("/dash/", ex -> file(ex, dashDir, ex.getRequestURI().getPath().substring("/dash".length())));
    http.start();
    return new StaticServer(http, executor);
  }

  String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private static void file(HttpExchange ex, Path root, String path) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    Path file = base.resolve(path.replaceFirst("^/+", "")).normalize();
    byte[] body;
    int status;
    String type;
    if (!file.startsWith(base) || !Files.isRegularFile(file)) {
      status = 404;
      type = "text/plain";
      body = ("not found: " + path).getBytes();
    } else {
      String name = file.getFileName().toString();
      status = 200;
      type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
      body = Files.readAllBytes(file);
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
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
