package io.ottplatform.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.cli.OttCli.OttCommand;
import io.ottplatform.local.seed.ServingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./ott bench <name>}: runs a benchmark of tools/benchmarks. Each prints one line {@code BENCH <name>
 * key=value ...} and writes the same values as a JSON results file ({@code $OTT_HOME/bench/}, or where
 * {@code OTT_BENCH_RESULTS} says); the recommender's two parts report through their files, which this
 * command combines.
 */
@Command(name = "bench", description = {"A benchmark (tools/benchmarks); it ends with one line \"BENCH <name> key=value ...\"",
    "and writes its results to $OTT_HOME/bench/<name>-<time>.json.",
    "ingest | stream | batch | serving | recommender | media [args] (each answers --help)."})
final class BenchCommand extends OttCommand {

  /** Benchmark name: module and main class. */
  record Benchmark(String module, String mainClass) {}

  static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

  static {
    BENCHMARKS.put("ingest", new Benchmark("tools/benchmarks/services", "io.ottplatform.bench.ingest.IngestBenchmark"));
    BENCHMARKS.put("stream", new Benchmark("tools/benchmarks/stream", "io.ottplatform.bench.stream.StreamBenchmark"));
    BENCHMARKS.put("batch", new Benchmark("tools/benchmarks/lake", "io.ottplatform.bench.batch.BatchBenchmark"));
    BENCHMARKS.put("serving", new Benchmark("tools/benchmarks/services", "io.ottplatform.bench.serving.ServingBenchmark"));
    BENCHMARKS.put("media", new Benchmark("tools/benchmarks/media", "io.ottplatform.bench.media.MediaBenchmark"));
    BENCHMARKS.put("freshness", new Benchmark("tools/benchmarks/services", "io.ottplatform.bench.serving.FreshnessBenchmark"));
    BENCHMARKS.put("recommender-train", new Benchmark("tools/benchmarks/lake", "io.ottplatform.bench.recommender.RecommenderBenchmark"));
    BENCHMARKS.put("recommender-serving", new Benchmark("tools/benchmarks/services", "io.ottplatform.bench.serving.RecommendationsBenchmark"));
  }

  /** A key of {@code BENCH recommender}: which part reports it, and its decimals in the line (as the parts print them). */
  record Key(String name, String part, int decimals) {}

  static final List<Key> RECOMMENDER_KEYS = List.of(
      new Key("train_100k_s", "train", 1), new Key("train_1m_s", "train", 1), new Key("ndcg_als", "train", 4),
      new Key("ndcg_popularity", "train", 4), new Key("ndcg_lift_vs_popularity", "train", 2),
      new Key("ndcg_vs_als_default", "train", 2), new Key("challenger_ndcg", "train", 4),
      new Key("recs_p99_ms", "serve", 1), new Key("recs_cpu_vs_floor", "serve", 2));

  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Parameters(index = "0", paramLabel = "NAME", description = "ingest, stream, batch, serving, recommender, media, freshness")
  String name;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (name.equals("recommender")) {
      return recommender();
    }
    Benchmark b = BENCHMARKS.get(name);
    if (b == null || name.startsWith("recommender-")) {
      throw new PlatformException("unknown benchmark '" + name + "' (ingest, stream, batch, serving, recommender, media, freshness)");
    }
    return ott.runner().run(b.module(), b.mainClass(), List.of(), args, Map.of("OTT_HOME", ott.config().home().toString()));
  }

  /**
   * Training and offline quality (the recommender module), then the recommendations endpoint under load
   * (serving-api): one line combining both, as the issue asks. Arguments go to the training part.
   */
  private int recommender() throws IOException {
    Path dir = Files.createDirectories(ott.config().home().resolve("bench"));
    String at = FILE_TIME.format(Instant.now());
    Path trainFile = dir.resolve("recommender-train-" + at + ".json");
    Path serveFile = dir.resolve("recommender-serving-" + at + ".json");
    Benchmark train = BENCHMARKS.get("recommender-train");
    Benchmark serve = BENCHMARKS.get("recommender-serving");
    int trained = ott.runner().run(train.module(), train.mainClass(), List.of(), args, Map.of("OTT_BENCH_RESULTS", trainFile.toString()));
    requireResults(trainFile, "training", trained);
    int served = ott.runner().run(serve.module(), serve.mainClass(), List.of(), List.of(), Map.of("OTT_BENCH_RESULTS", serveFile.toString()));
    requireResults(serveFile, "recommendations endpoint", served);
    Map<String, JsonNode> parts = Map.of("train", ServingClient.json().readTree(trainFile.toFile()),
        "serve", ServingClient.json().readTree(serveFile.toFile()));
    ObjectNode combined = ServingClient.json().createObjectNode().put("bench", "recommender").put("at", Instant.now().toString());
    StringBuilder line = new StringBuilder("BENCH recommender");
    for (Key key : RECOMMENDER_KEYS) {
      JsonNode value = parts.get(key.part()).get(key.name());
      if (value == null) {
        throw new PlatformException("the recommender benchmark's " + key.part() + " part reported no " + key.name());
      }
      combined.set(key.name(), value);
      line.append(' ').append(key.name()).append('=')
          .append(value.isNumber() ? String.format(Locale.ROOT, "%." + key.decimals() + "f", value.asDouble()) : "NaN");
    }
    ServingClient.json().writeValue(dir.resolve("recommender-" + at + ".json").toFile(), combined);
    ott.out().println(line);
    return 0;
  }

  private static void requireResults(Path file, String part, int exitCode) {
    if (exitCode != 0 || !Files.exists(file)) {
      throw new PlatformException("the recommender benchmark's " + part + " part failed (exit " + exitCode
          + ", results " + (Files.exists(file) ? file : "missing") + ")");
    }
  }
}
