package io.ottplatform.batch.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one configuration of every batch job: {@code --name value} arguments over {@code OTT_*}
 * environment variables over defaults (the same variables {@code ./ott} uses, so a job started by
 * hand finds the platform that {@code ./ott up} started). Parsed and validated once; every problem is
 * reported together.
 *
 * @param catalogUri JDBC URL of the Iceberg catalog database
 * @param warehouse where the catalog writes new tables ({@code file:///...} here, {@code s3://...} on a cluster)
 * @param namespacePrefix put before every namespace of the lake ({@code raw}, {@code analytics}); empty for the
 *     lake itself, e.g. {@code bench_} for the benchmark, so its tables never mix with the demo's or production's
 * @param maxRecordsPerSplit the landing job reads Kafka in splits of at most this many offsets, one Spark task each
 * @param date the day a dated job processes (UTC)
 * @param snapshotRetention maintenance expires snapshots older than this
 * @param orphanAge maintenance removes unreferenced files older than this (longer than any job runs)
 * @param viewerId the profile whose rows the erasure job deletes
 */
public record BatchConfig(
    String master,
    String catalog,
    String namespacePrefix,
    String catalogUri,
    String catalogUser,
    String catalogPassword,
    URI warehouse,
    String kafkaBootstrap,
    String topic,
    long maxRecordsPerSplit,
    int shufflePartitions,
    LocalDate date,
    Duration snapshotRetention,
    Duration orphanAge,
    long targetFileSizeBytes,
    String viewerId) {

  /** Settings a job cannot run without; each job names its own. */
  public enum Required { DATE, VIEWER }

  public static BatchConfig parse(String[] args, Map<String, String> env, Set<Required> required) {
    List<String> errors = new ArrayList<>();
    Map<String, String> opts = options(args, errors);
    Source src = new Source(opts, env);

    String pgHost = src.get(null, "OTT_PG_HOST", "127.0.0.1");
    String pgPort = src.get(null, "OTT_PG_PORT", "5432");
    String lakeDb = src.get(null, "OTT_LAKE_DB", "ott_lake");
    String master = src.get("master", "OTT_SPARK_MASTER", "local[*]");
    String catalog = src.get("catalog", "OTT_LAKE_CATALOG", "lake");
    if (!catalog.matches("[a-z_][a-z0-9_]*")) {
      errors.add("--catalog=" + catalog + " must be a lower-case identifier");
    }
    String prefix = src.get("namespace-prefix", "OTT_LAKE_NAMESPACE_PREFIX", "");
    if (!prefix.isEmpty() && !prefix.matches("[a-z][a-z0-9_]*_")) {
      errors.add("--namespace-prefix=" + prefix + " must be a lower-case identifier ending in '_' (e.g. bench_)");
    }
    String catalogUri = src.get("catalog-uri", "OTT_LAKE_URI", "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + lakeDb);
    if (!catalogUri.startsWith("jdbc:postgresql://")) {
      errors.add("--catalog-uri=" + catalogUri + " must be a jdbc:postgresql:// URL");
    }
    String home = src.get(null, "OTT_HOME", ".ott");
    String warehouseText = src.get("warehouse", "OTT_WAREHOUSE", Path.of(home, "warehouse").toString());
    URI warehouse = warehouseUri(warehouseText, errors);
    String kafkaPort = src.get(null, "OTT_KAFKA_PORT", "9092");
    String bootstrap = src.get("kafka-bootstrap", "OTT_KAFKA_BOOTSTRAP", "127.0.0.1:" + kafkaPort);
    String topic = src.get("topic", null, "playback.events");
    long split = positiveLong(src.get("max-records-per-split", null, "500000"), "--max-records-per-split", errors);
    int shuffle = (int) positiveLong(src.get("shuffle-partitions", "OTT_SPARK_SHUFFLE_PARTITIONS", "8"), "--shuffle-partitions", errors);
    long targetMb = positiveLong(src.get("target-file-size-mb", null, "128"), "--target-file-size-mb", errors);

    LocalDate date = null;
    String dateText = src.get("date", null, null);
    if (dateText != null) {
      try {
        date = LocalDate.parse(dateText);
      } catch (DateTimeParseException e) {
        errors.add("--date=" + dateText + " is not a date (yyyy-MM-dd)");
      }
    } else if (required.contains(Required.DATE)) {
      errors.add("--date is required (yyyy-MM-dd, UTC)");
    }
    Duration retention = duration(src.get("snapshot-retention", null, "P7D"), "--snapshot-retention", errors);
    Duration orphanAge = duration(src.get("orphan-age", null, "P3D"), "--orphan-age", errors);
    String viewer = src.get("profile-id", null, null);
    if (viewer == null && required.contains(Required.VIEWER)) {
      errors.add("--profile-id is required (the viewer to erase)");
    } else if (viewer != null && viewer.isBlank()) {
      errors.add("--profile-id must not be blank");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid batch job settings:\n  " + String.join("\n  ", errors));
    }
    return new BatchConfig(master, catalog, prefix, catalogUri, src.get("catalog-user", "OTT_PG_USER", "postgres"),
        src.get("catalog-password", "OTT_PG_PASSWORD", ""), warehouse, bootstrap, topic, split, shuffle, date,
        retention, orphanAge, targetMb * 1024 * 1024, viewer);
  }

  public static BatchConfig parse(String[] args, Map<String, String> env, Required... required) {
    Set<Required> set = EnumSet.noneOf(Required.class);
    set.addAll(List.of(required));
    return parse(args, env, set);
  }

  public LocalDate requireDate() {
    return Optional.ofNullable(date).orElseThrow(() -> new IllegalStateException("no --date configured"));
  }

  /** {@code catalog.namespace.table}, the namespace carrying the {@link #namespacePrefix}. */
  public String table(String namespaceAndTable) {
    return catalog + "." + namespacePrefix + namespaceAndTable;
  }

  /** {@code catalog.namespace}, with the {@link #namespacePrefix}. */
  public String namespace(String namespace) {
    return catalog + "." + namespacePrefix + namespace;
  }

  public BatchConfig withDate(LocalDate newDate) {
    return new BatchConfig(master, catalog, namespacePrefix, catalogUri, catalogUser, catalogPassword, warehouse,
        kafkaBootstrap, topic,
        maxRecordsPerSplit, shufflePartitions, newDate, snapshotRetention, orphanAge, targetFileSizeBytes, viewerId);
  }

  private static Map<String, String> options(String[] args, List<String> errors) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        errors.add("unexpected argument: " + arg + " (options are --name value or --name=value)");
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        opts.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length) {
        opts.put(arg.substring(2), args[++i]);
      } else {
        errors.add(arg + " has no value");
      }
    }
    for (String name : opts.keySet()) {
      if (!KNOWN.contains(name)) {
        errors.add("unknown option --" + name + " (known: --" + String.join(", --", KNOWN) + ")");
      }
    }
    return opts;
  }

  private static final List<String> KNOWN = List.of("master", "catalog", "namespace-prefix", "catalog-uri", "catalog-user",
      "catalog-password", "warehouse", "kafka-bootstrap", "topic", "max-records-per-split", "shuffle-partitions",
      "target-file-size-mb", "date", "snapshot-retention", "orphan-age", "profile-id");

  private static URI warehouseUri(String text, List<String> errors) {
    try {
      URI uri = text.contains("://") ? URI.create(text) : Path.of(text).toAbsolutePath().normalize().toUri();
      return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    } catch (RuntimeException e) {
      errors.add("--warehouse=" + text + " is not a path or URI");
      return null;
    }
  }

  private static long positiveLong(String text, String name, List<String> errors) {
    try {
      long v = Long.parseLong(text.trim());
      if (v <= 0) {
        errors.add(name + "=" + text + " must be positive");
      }
      return v;
    } catch (NumberFormatException e) {
      errors.add(name + "=" + text + " is not a number");
      return 1;
    }
  }

  private static Duration duration(String text, String name, List<String> errors) {
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT).startsWith("P") ? text : "PT" + text);
    } catch (DateTimeParseException e) {
      errors.add(name + "=" + text + " is not an ISO-8601 duration (e.g. P7D, PT6H)");
      return Duration.ZERO;
    }
  }

  private record Source(Map<String, String> opts, Map<String, String> env) {
    String get(String option, String envName, String fallback) {
      if (option != null && opts.containsKey(option)) {
        return opts.get(option).trim();
      }
      if (envName != null) {
        String v = env.get(envName);
        if (v != null && !v.isBlank()) {
          return v.trim();
        }
      }
      return fallback;
    }
  }
}
