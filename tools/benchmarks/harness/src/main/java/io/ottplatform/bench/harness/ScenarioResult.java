package io.ottplatform.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the load generator measured for one scenario, as it reports it to the benchmark that started it
 * (a JSON line in its {@code --results} file, never text scraped from its output).
 *
 * @param rate offered requests/s (open loop), 0 for a closed loop
 * @param weight what the successful requests carried (e.g. events in ingest batches; = ok when unweighted)
 * @param serverCpuUsPerRequest the measured server's CPU per sent request over the measured period (NaN
 *     without {@code --server-pid})
 */
public record ScenarioResult(String scenario, int rate, long sent, long ok, long errors, long weight, double seconds,
    double p50Ms, double p99Ms, double maxMs, double generatorCpuUsPerRequest, double serverCpuUsPerRequest) {

  /** Successful answers per second. */
  public double rps() {
    return ok / seconds;
  }

  public double weightPerSecond() {
    return weight / seconds;
  }

  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario);
    m.put("rate", rate);
    m.put("sent", sent);
    m.put("ok", ok);
    m.put("errors", errors);
    m.put("weight", weight);
    m.put("seconds", seconds);
    m.put("p50_ms", p50Ms);
    m.put("p99_ms", p99Ms);
    m.put("max_ms", maxMs);
    m.put("generator_cpu_us_per_req", generatorCpuUsPerRequest);
    m.put("server_cpu_us_per_req", serverCpuUsPerRequest);
    return FlatJson.write(m);
  }

  public static ScenarioResult parse(String json) {
    Map<String, String> m = FlatJson.read(json);
    return new ScenarioResult(m.get("scenario"), Integer.parseInt(m.get("rate")), Long.parseLong(m.get("sent")),
        Long.parseLong(m.get("ok")), Long.parseLong(m.get("errors")), Long.parseLong(m.get("weight")),
        Double.parseDouble(m.get("seconds")), number(m.get("p50_ms")), number(m.get("p99_ms")), number(m.get("max_ms")),
        number(m.get("generator_cpu_us_per_req")), number(m.get("server_cpu_us_per_req")));
  }

  private static double number(String s) {
    return s == null ? Double.NaN : Double.parseDouble(s);
  }

  /** A line for people: what the scenario did. */
  public String summary() {
    return String.format(java.util.Locale.ROOT,
        "%-16s rate=%d sent=%d ok=%d errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f generator_cpu_us_per_req=%.0f"
            + " server_cpu_us_per_req=%.0f", scenario, rate, sent, ok, errors, p50Ms, p99Ms, maxMs, rps(),
        generatorCpuUsPerRequest, serverCpuUsPerRequest);
  }
}
