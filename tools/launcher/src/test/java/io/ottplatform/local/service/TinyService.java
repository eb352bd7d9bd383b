package io.ottplatform.local.service;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/**
 * A stand-in service for {@link ServiceSupervisorIT}: answers {@code GET /health} on the port given as
 * its argument after a short start-up, logs a line, and says on SIGTERM that it stopped cleanly.
 */
public final class TinyService {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    System.out.println("tiny service starting, component " + System.getProperty("ott.component")
        + ", greeting " + System.getenv("TINY_GREETING") + ", secret length " + System.getenv("TINY_SECRET").length());
    Thread.sleep(500); // not healthy at once: the supervisor must wait for the health URL, not for the process
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      System.out.println("tiny service stopped cleanly");
    }));
    System.out.println("tiny service listening on " + port);
    Thread.sleep(Long.MAX_VALUE);
  }
}
