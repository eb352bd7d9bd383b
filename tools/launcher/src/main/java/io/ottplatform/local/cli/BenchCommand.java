package io.ottplatform.local.cli;

import io.ottplatform.local.PlatformException;
import io.ottplatform.local.build.ModuleRunner.Output;
import io.ottplatform.local.cli.OttCli.OttCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(name = "bench", description = {"A benchmark (tools/benchmarks); it ends with one line \"BENCH <name> key=value ...\".",
    "ingest | stream | batch | serving | recommender [args] (each answers --help)."})
final class BenchCommand extends OttCommand {

  /** Benchmark name: module and main class. */
  record Benchmark(String module, String mainClass) {}

  static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

  static {
    BENCHMARKS.put("ingest", new Benchmark("tools/benchmarks/services", "io.ottplatform.bench.ingest.IngestBenchmark"));
    BENCHMARKS.put("stream", new Benchmark("tools/benchmarks/stream", "io.ottplatform.bench.stream.StreamBenchmark"));
    BENCHMARKS.put("batch", new Benchmark("tools/benchmarks/lake", "io.ottplatform.bench.batch.BatchBenchmark"));
    BENCHMARKS.put("serving", new Benchmark("tools/benchmarks/services", "io.ottplatform.bench.serving.ServingBenchmark"));
    BENCHMARKS.put("recommender-train", new Benchmark("tools/benchmarks/lake", "io.ottplatform.bench.recommender.RecommenderBenchmark"));
    BENCHMARKS.put("recommender-serving", new Benchmark("tools/benchmarks/services", "io.ottplatform.bench.serving.RecommendationsBenchmark"));
  }

  @Parameters(index = "0", paramLabel = "NAME", description = "ingest, stream, batch, serving, recommender")
  String name;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    if (name.equals("recommender")) {
      return recommender();
    }
    Benchmark b = BENCHMARKS.get(name);
    if (b == null) {
      throw new PlatformException("unknown benchmark '" + name + "' (ingest, stream, batch, serving, recommender)");
    }
    return ott.runner().run(b.module(), b.mainClass(), args);
  }

  /**
   * Training and offline quality (the recommender module), then the recommendations endpoint under load
   * (serving-api): one line combining both, as the issue asks.
   */
  private int recommender() {
    Benchmark train = BENCHMARKS.get("recommender-train");
    Benchmark serve = BENCHMARKS.get("recommender-serving");
    Output trained = ott.runner().runAndCapture(train.module(), train.mainClass(), args, ott.out());
    Output served = ott.runner().runAndCapture(serve.module(), serve.mainClass(), List.of(), ott.out());
    Map<String, String> t = benchLine(trained, "recommender-train");
    Map<String, String> s = benchLine(served, "recommender-serving");
    ott.out().println("BENCH recommender train_100k_s=" + t.get("train_100k_s") + " train_1m_s=" + t.get("train_1m_s")
        + " ndcg_als=" + t.get("ndcg_als") + " ndcg_popularity=" + t.get("ndcg_popularity")
        + " ndcg_lift_vs_popularity=" + t.get("ndcg_lift_vs_popularity") + " recs_p99_ms=" + s.get("recs_p99_ms")
        + " recs_cpu_vs_floor=" + s.get("recs_cpu_vs_floor"));
    return 0;
  }

  static Map<String, String> benchLine(Output output, String name) {
    String prefix = "BENCH " + name + " ";
    String line = output.lines().stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElseThrow(
        () -> new PlatformException("the " + name + " part of the recommender benchmark printed no BENCH line (exit "
            + output.exitCode() + ")"));
    Map<String, String> values = new LinkedHashMap<>();
    for (String kv : line.substring(prefix.length()).trim().split("\\s+")) {
      int eq = kv.indexOf('=');
      values.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return values;
  }
}
