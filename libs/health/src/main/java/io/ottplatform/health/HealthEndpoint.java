package io.ottplatform.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A process's small HTTP endpoint on the JDK's server, for deployables without a web framework: each path answers
 * GET (and HEAD) with what its {@link Response} supplier gives, other methods 405, unknown paths 404 naming the
 * known ones. One daemon thread: it must never keep the JVM up.
 */
public final class HealthEndpoint implements AutoCloseable {

  /** One answer: status, Content-Type and body. */
  public record Response(int status, String contentType, String body) {

    public static final String JSON = "application/json";
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    public static Response json(boolean healthy, String body) {
      return new Response(healthy ? 200 : 503, JSON, body);
    }

    public static Response prometheus(String body) {
      return new Response(200, PROMETHEUS, body);
    }
  }

  private final HttpServer server;

  private HealthEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Listens on {@code bindHost:port} (0: a free port).
   *
   * @param settings the setting names to put in the error when the address is taken, e.g.
   *     {@code "health.bind-host / health.port"}
   * @param threadName the daemon thread's name (seen in thread dumps)
   * @param routes path to answer, in the order the 404 lists them
   */
  public static HealthEndpoint start(String bindHost, int port, String settings, String threadName,
      Map<String, Supplier<Response>> routes) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
    } catch (IOException e) {
      throw new IOException("health endpoint: cannot listen on " + bindHost + ":" + port + " (" + settings + "): "
          + e.getMessage(), e);
    }
    Map<String, Supplier<Response>> ordered = new LinkedHashMap<>(routes);
    String known = String.join(" or ", ordered.keySet());
    ordered.forEach((path, answer) -> server.createContext(path, exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path)) { // contexts match by prefix: /healthcheckx is no path
        notFound(exchange, known);
      } else if (refuseNonGet(exchange)) {
        return;
      } else {
        send(exchange, answer.get());
      }
    }));
    server.createContext("/", exchange -> notFound(exchange, known));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new HealthEndpoint(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** For logs: where {@code path} answers. */
  public String url(String path) {
    return "http://" + server.getAddress().getHostString() + ":" + port() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void notFound(HttpExchange exchange, String known) throws IOException {
    send(exchange, new Response(404, "text/plain; charset=utf-8",
        "no such path " + exchange.getRequestURI().getPath() + " (GET " + known + ")\n"));
  }

  private static boolean refuseNonGet(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return false;
    }
    exchange.getResponseHeaders().add("Allow", "GET, HEAD");
    send(exchange, new Response(405, "text/plain; charset=utf-8", "method " + method + " not allowed: GET\n"));
    return true;
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.getResponseHeaders().add("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
    if (!head) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }
}
