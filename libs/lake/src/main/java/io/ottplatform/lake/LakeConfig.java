package io.ottplatform.lake;

import io.ottplatform.config.Settings;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where the lake is and how a Spark session reaches it: the {@code lake.*} keys, declared once in this library's
 * {@code lake.yml} ({@link #SETTINGS_BASE}, loaded under {@code batch-jobs.yml} and {@code recommender.yml}) and
 * read by one method, so both deployables find the same lake that {@code ./ott up} created (catalog {@code lake} in the PostgreSQL database {@code ott_lake}, warehouse
 * {@code $OTT_HOME/warehouse}).
 *
 * @param sparkMaster the master of a local run; spark-submit sets its own and this is then ignored
 * @param catalog the Iceberg catalog's name in Spark (and in Trino: the two must be equal)
 * @param namespacePrefix put before every namespace ({@code raw}, {@code analytics}, {@code ml}); empty for the lake
 *     itself, e.g. {@code bench_} for the benchmark, so its tables never mix with the demo's or production's
 * @param catalogUri JDBC URL of the Iceberg catalog database
 * @param warehouse where the catalog puts new tables ({@code file:///...} here, {@code s3://...} on a cluster)
 * @param shufflePartitions Spark's {@code spark.sql.shuffle.partitions}
 * @param targetFileSizeBytes the data file size of the big tables ({@link LakeTables})
 */
public record LakeConfig(
    String sparkMaster,
    String catalog,
    String namespacePrefix,
    String catalogUri,
    String catalogUser,
    String catalogPassword,
    URI warehouse,
    int shufflePartitions,
    long targetFileSizeBytes) {

  /** The bundled {@code lake.yml}: pass to {@code Settings.load(name, args, env, SETTINGS_BASE)}. */
  public static final String SETTINGS_BASE = "lake";

  /** Reads the {@code lake.*} keys; bad values become problems of {@code settings} (reported by its finish()). */
  public static LakeConfig read(Settings s) {
    String master = s.string("lake.spark-master", "local[*]", "Spark master of a local run (spark-submit sets its own)");
    String catalog = s.string("lake.catalog", "lake", "Iceberg catalog name (Trino's must be the same)");
    s.check(catalog.matches("[a-z_][a-z0-9_]*"), "lake.catalog = '" + catalog + "': must be a lower-case identifier");
    String prefix = s.string("lake.namespace-prefix", "", "put before every namespace (e.g. bench_); empty for the lake");
    s.check(prefix.isEmpty() || prefix.matches("[a-z][a-z0-9_]*_"), "lake.namespace-prefix = '" + prefix
        + "': must be a lower-case identifier ending in '_' (e.g. bench_)");
    String uri = s.string("lake.catalog-db.url", "jdbc:postgresql://127.0.0.1:5432/ott_lake",
        "JDBC URL of the Iceberg catalog database");
    s.check(uri.startsWith("jdbc:postgresql://"), "lake.catalog-db.url = '" + uri + "': must be a jdbc:postgresql:// URL");
    String user = s.string("lake.catalog-db.user", "postgres", "catalog database user");
    String password = s.secret("lake.catalog-db.password", "", "catalog database password");
    String warehouseText = s.string("lake.warehouse", ".ott/warehouse", "warehouse of new tables: a directory or a URI");
    URI warehouse = warehouseUri(warehouseText);
    s.check(warehouse != null, "lake.warehouse = '" + warehouseText + "': not a path or URI");
    int shuffle = s.integer("lake.shuffle-partitions", 8, 1, 100_000, "spark.sql.shuffle.partitions");
    int targetMb = s.integer("lake.target-file-size-mb", 128, 1, 4096, "data file size of the big tables, in MB");
    return new LakeConfig(master, catalog, prefix, uri, user, password, warehouse, shuffle, targetMb * 1024L * 1024);
  }

  /** {@code catalog.namespace.table}, the namespace carrying the {@link #namespacePrefix}. */
  public String table(String namespaceAndTable) {
    return catalog + "." + namespacePrefix + namespaceAndTable;
  }

  /** {@code catalog.namespace}, with the {@link #namespacePrefix}. */
  public String namespace(String namespace) {
    return catalog + "." + namespacePrefix + namespace;
  }

  public LakeConfig withNamespacePrefix(String prefix) {
    return new LakeConfig(sparkMaster, catalog, prefix, catalogUri, catalogUser, catalogPassword, warehouse,
        shufflePartitions, targetFileSizeBytes);
  }

  /** The password stays out of logs and exception messages. */
  @Override
  public String toString() {
    return "LakeConfig[sparkMaster=" + sparkMaster + ", catalog=" + catalog + ", namespacePrefix=" + namespacePrefix
        + ", catalogUri=" + catalogUri + ", catalogUser=" + catalogUser + ", warehouse=" + warehouse
        + ", shufflePartitions=" + shufflePartitions + ", targetFileSizeBytes=" + targetFileSizeBytes + "]";
  }

  private static URI warehouseUri(String text) {
    try {
      URI uri = text.contains("://") ? URI.create(text) : Path.of(text).toAbsolutePath().normalize().toUri();
      return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    } catch (RuntimeException e) {
      return null;
    }
  }
}
