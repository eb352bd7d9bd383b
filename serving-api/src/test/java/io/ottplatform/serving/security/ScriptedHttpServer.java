package io.ottplatform.serving.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny HTTP server on a free loopback port whose answer a test chooses: it plays a broken concurrency guard
 * (API10) and a canary that must never be called (API7). Every request it receives is recorded.
 */
final class ScriptedHttpServer implements AutoCloseable {

  /** How to answer one request. */
  @FunctionalInterface
  interface Script {
    void answer(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicReference<Script> script;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  ScriptedHttpServer(Script initial) {
    this.script = new AtomicReference<>(initial);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind a loopback port", e);
    }
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      try (exchange) {
        script.get().answer(exchange);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException clientGone) {
        // the client gave up (a timeout under test): nothing to answer
      }
    });
    // several threads: a slow answer must not hold up the next request
    server.setExecutor(threads);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void play(Script next) {
    script.set(next);
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
