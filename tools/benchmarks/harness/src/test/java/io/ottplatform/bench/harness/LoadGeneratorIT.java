package io.ottplatform.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator as benchmarks run it: a child JVM against a real HTTP server, results read from its file. */
class LoadGeneratorIT {

  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger posts = new AtomicInteger();
  private final List<String> authorizations = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.createContext("/v1/events", exchange -> {
      exchange.getRequestBody().readAllBytes();
      posts.incrementAndGet();
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = "{\"accepted\":3}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/ping", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private List<ScenarioResult> generate(String... args) throws Exception {
    Path results = dir.resolve("results.jsonl");
    List<String> command = BenchProcesses.javaCommand("128m", LoadGenerator.class.getName(), args);
    command.addAll(List.of("--results", results.toString(), "--server-pid", Long.toString(ProcessHandle.current().pid())));
    Process p = BenchProcesses.start(command, dir.resolve("generator.log"));
    assertThat(p.waitFor()).as(Files.exists(dir.resolve("generator.log")) ? Files.readString(dir.resolve("generator.log")) : "")
        .isZero();
    return Files.readAllLines(results).stream().map(ScenarioResult::parse).toList();
  }

  @Test
  void aClosedLoopCyclesThePoolAndCountsWeights() throws Exception {
    int port = server.getAddress().getPort();
    Path pool = RequestPool.write(dir.resolve("pool.tsv"), List.of(
        new RequestPool.Request("POST", "/v1/events", "token-a", 3, "[{\"event_id\":\"1\"}]"),
        new RequestPool.Request("POST", "/v1/events", "token-b", 3, "[{\"event_id\":\"2\"}]")));

    List<ScenarioResult> results = generate("--base", "http://127.0.0.1:" + port, "--requests", pool.toString(),
        "--scenario", "batched", "--mode", "closed", "--connections", "4", "--seconds", "2", "--warmup", "0");

    ScenarioResult r = results.get(0);
    assertThat(r.scenario()).isEqualTo("batched");
    assertThat(r.errors()).isZero();
    assertThat(r.ok()).isEqualTo(r.sent()).isEqualTo(posts.get()).isGreaterThan(10);
    assertThat(r.weight()).isEqualTo(3 * r.ok());
    assertThat(r.p99Ms()).isPositive();
    assertThat(r.serverCpuUsPerRequest()).as("the measured process's CPU was sampled").isPositive();
    assertThat(authorizations).contains("Bearer token-a", "Bearer token-b");
  }

  @Test
  void anOpenLoopSendsTheRateTimesTheSecondsFloorFirst() throws Exception {
    int port = server.getAddress().getPort();
    Path pool = RequestPool.write(dir.resolve("pool.tsv"), List.of(RequestPool.Request.get("/ping", "-")));

    List<ScenarioResult> results = generate("--base", "http://127.0.0.1:" + port, "--requests", pool.toString(),
        "--scenario", "pings", "--floor-base", "http://127.0.0.1:" + port, "--rate", "50", "--seconds", "2", "--warmup", "1");

    assertThat(results).extracting(ScenarioResult::scenario).containsExactly("floor", "pings");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.sent()).isEqualTo(100);
      assertThat(r.ok()).isEqualTo(100);
      assertThat(r.rate()).isEqualTo(50);
    });
  }
}
