package io.ottplatform.local.service;

import io.ottplatform.local.PlatformConfig;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.service.ServiceDefinition.Logging;
import io.ottplatform.local.service.ServiceDefinition.Prepare;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services of the local platform, in start order: the one table {@code ./ott up --all|start|stop|
 * status|logs} and the demo read. Ports are the platform's (ingest 8081/8082, serving 8090/8091, guard
 * 8095, the QoE job's health 8096, the media worker's 8097); settings go in through the {@code OTT_} environment their configs read
 * (docs/stream-jobs.md, docs/ingest.md, docs/serving-api.md), as on Kubernetes. The order matters: serving-api after the guard
 * it asks, ingest-api after serving-api, whose JWKS it verifies playback tokens with.
 */
public final class Services {

  public static final String INGEST = "ingest-api";
  public static final String SERVING = "serving-api";
  public static final String QOE = "qoe-job";
  public static final String GUARD = "concurrency-guard";
  public static final String MEDIA_WORKER = "media-worker";

  /** serving-api's origin as browsers name it on this machine (ingest-api answers CORS for these only). */
  public static final List<String> SERVING_ORIGINS = List.of("http://localhost:8090", "http://127.0.0.1:8090");

  private Services() {}

  public static List<ServiceDefinition> table(PlatformConfig config, Path root) {
    Path home = config.home();
    String bootstrap = config.kafkaBootstrap();
    String dbUrl = config.jdbcUrl(config.database());
    Map<String, String> common = Map.of(
        "OTT_HOME", home.toString(),
        "OTT_KAFKA_BOOTSTRAP", bootstrap,
        "OTT_DB_URL", dbUrl,
        "OTT_DB_USER", config.pgUser(),
        "OTT_DB_PASSWORD", config.pgPassword());

    ServiceDefinition qoe = new ServiceDefinition(QOE, "stream-jobs/qoe-job", "io.ottplatform.stream.QoeJobMain",
        List.of(), // OTT_KAFKA_BOOTSTRAP, OTT_DB_* (qoe_minute) and OTT_HOME (state/qoe-job) through its qoe-job.yml
        // 200 while the job is RUNNING with a checkpoint under a minute old (503 and why otherwise); /metrics beside it
        "Flink local environment", health("http://127.0.0.1:8096/healthcheck"), env(common, "OTT_QOE_HEALTH_PORT", "8096"),
        List.of(), List.of("-Xmx768m"), Logging.LOG4J2,
        // the job stops with a savepoint on SIGTERM: give it the time to write one
        Duration.ofSeconds(60), Duration.ofSeconds(60), List.of());

    // the guard's API token: one random value per OTT_HOME, given to the guard and to serving-api, which sends it
    String guardToken = new Secrets(home).env(GUARD, List.of("OTT_GUARD_TOKEN")).get("OTT_GUARD_TOKEN");
    ServiceDefinition guard = new ServiceDefinition(GUARD, "stream-jobs/concurrency-guard", "io.ottplatform.guard.GuardMain",
        List.of(), // OTT_KAFKA_BOOTSTRAP and OTT_HOME (state/concurrency-guard) through its concurrency-guard.yml
        "http://127.0.0.1:8095",
        // 200 once the state stores are queryable (503 while they are restored); the one path without the token
        health("http://127.0.0.1:8095/health"),
        env(common, "OTT_GUARD_TOKEN", guardToken), List.of(), List.of("-Xmx384m"), Logging.LOG4J2, Duration.ofSeconds(30), Duration.ofSeconds(90),
        List.of());

    String serving = root.resolve("serving-api/config.yml").toString();
    String origin = home.resolve("origin").toString();
    ServiceDefinition servingApi = new ServiceDefinition(SERVING, "serving-api", "io.ottplatform.serving.ServingApplication",
        List.of("server", serving), "http://127.0.0.1:8090", health("http://127.0.0.1:8091/healthcheck"),
        // the playback signing key is kept under OTT_HOME: a restart keeps the key ingest-api already trusts
        env(common, "OTT_SERVING_ORIGIN_DIR", origin, "OTT_SERVING_GUARD_URL", "http://127.0.0.1:8095",
            "OTT_GUARD_TOKEN", guardToken,
            "OTT_SERVING_PLAYBACK_JWK_FILE", home.resolve("secrets/playback-signing-jwk.json").toString(),
            // tus uploads land where the media pipeline's workers read them; content keys unwrap with its master key
            "OTT_SERVING_UPLOAD_DIR", home.resolve("uploads").toString(),
            "OTT_MEDIA_MASTER_KEY_FILE", home.resolve("state/media-pipeline/master.key").toString(),
            // the demo's seeding and simulated fleet sign up every account from 127.0.0.1, and the unpaced fleet
            // asks for a minute's worth of an account's grants in a second
            "OTT_SERVING_SIGNUPS_PER_ADDRESS_PER_HOUR", "100000", "OTT_SERVING_GRANTS_PER_ACCOUNT_PER_MINUTE", "100000",
            // the watch page's SDK posts to this platform's ingest-api; no CDN in front sets the viewer's country
            // header for a browser here, so the demo catalog's US answers for it
            "OTT_SERVING_WATCH_INGEST_URL", "http://127.0.0.1:8081", "OTT_SERVING_FALLBACK_COUNTRY", "US",
            // the dashboard's view timelines and lake panels read the local Trino's lake catalog (./ott up starts it)
            "OTT_SERVING_TRINO_URL", "jdbc:trino://127.0.0.1:" + config.trinoPort() + "/" + config.lakeCatalog(),
            "OTT_SERVING_TRINO_CATALOG", config.lakeCatalog()),
        List.of("OTT_SERVING_ACCESS_TOKEN_SECRET", "OTT_SERVING_URL_SIGNING_SECRET"),
        List.of("-Xmx768m"), Logging.DROPWIZARD, Duration.ofSeconds(20), Duration.ofSeconds(90),
        List.of(new Prepare(null, null, List.of("db", "migrate", serving), Optional.empty())));

    ServiceDefinition ingest = new ServiceDefinition(INGEST, "ingest-api", "io.ottplatform.ingest.IngestApplication",
        List.of("server", root.resolve("ingest-api/config.yml").toString()),
        "http://127.0.0.1:8081", health("http://127.0.0.1:8082/healthcheck"),
        // playback tokens are verified with serving-api's JWKS (config.yml's default URL), so serving-api starts
        // first; the whole local fleet posts from 127.0.0.1, unpaced (a view's hour of heartbeats in seconds):
        // the per-IP, per-account and per-session limits are raised for it
        env(common,
            "OTT_INGEST_RATE_PER_IP", "2000", "OTT_INGEST_BURST_PER_IP", "4000",
            "OTT_INGEST_RATE_PER_ACCOUNT", "200", "OTT_INGEST_BURST_PER_ACCOUNT", "800",
            "OTT_INGEST_RATE_PER_SESSION", "50", "OTT_INGEST_BURST_PER_SESSION", "200",
            // serving-api's watch page (/watch/) posts its SDK's events from serving-api's origin, by either name
            "OTT_INGEST_CORS_ORIGINS", String.join(",", SERVING_ORIGINS)),
        List.of(), List.of("-Xmx512m"), Logging.DROPWIZARD, Duration.ofSeconds(20), Duration.ofSeconds(90), List.of());

    // media-pipeline's worker on media.jobs (serving-api's outbox puts finished uploads there): keys in
    // media_content_keys of the service database, under the master key file serving-api unwraps them with; the
    // origin and the upload folder are serving-api's (OTT_HOME/origin, OTT_HOME/uploads through the file: URI of the
    // job). Its health port answers 200 while its consumer loop polls or encodes (503 and why otherwise; /metrics
    // beside it); on SIGTERM it kills its FFmpeg and leaves the job uncommitted, so the group (or its next start)
    // encodes it again.
    ServiceDefinition mediaWorker = new ServiceDefinition(MEDIA_WORKER, "media-pipeline",
        "io.ottplatform.media.worker.MediaWorkerMain", List.of(), "media.jobs consumer",
        health("http://127.0.0.1:8097/healthcheck"),
        env(common, "OTT_MEDIA_HEALTH_PORT", "8097", "OTT_MEDIA_KEY_STORE", "postgres", "OTT_MEDIA_ORIGIN_DIR", origin,
            "OTT_MEDIA_MASTER_KEY_FILE", home.resolve("state/media-pipeline/master.key").toString(),
            "OTT_MEDIA_HLS_KEY_URI", "http://127.0.0.1:8090/v1/keys/hls/{titleId}"),
        List.of(), List.of("-Xmx384m"), Logging.LOG4J2, Duration.ofSeconds(20), Duration.ofSeconds(90), List.of());

    return List.of(qoe, guard, servingApi, ingest, mediaWorker);
  }

  public static ServiceDefinition find(List<ServiceDefinition> table, String name) {
    return table.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new PlatformException(
        "unknown service '" + name + "' (services: " + String.join(", ", table.stream().map(ServiceDefinition::name).toList()) + ")"));
  }

  private static Optional<URI> health(String url) {
    return Optional.of(URI.create(url));
  }

  private static Map<String, String> env(Map<String, String> common, String... pairs) {
    Map<String, String> env = new LinkedHashMap<>(common);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }
}
