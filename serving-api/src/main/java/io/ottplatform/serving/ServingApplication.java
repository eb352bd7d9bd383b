package io.ottplatform.serving;

import com.codahale.metrics.Gauge;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.ottplatform.schemas.kafka.Topic;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.accounts.AdminCommand;
import io.ottplatform.serving.accounts.AuthService;
import io.ottplatform.serving.accounts.NewAccounts;
import io.ottplatform.serving.accounts.DeviceGrantService;
import io.ottplatform.serving.accounts.PasswordHasher;
import io.ottplatform.serving.accounts.ProfileService;
import io.ottplatform.serving.accounts.AccountErasure;
import io.ottplatform.serving.accounts.PasswordResets;
import io.ottplatform.serving.accounts.auth.AccessTokenKeys;
import io.ottplatform.serving.accounts.db.ErasureDao;
import io.ottplatform.serving.accounts.db.MailOutboxDao;
import io.ottplatform.serving.accounts.db.PasswordResetDao;
import io.ottplatform.serving.accounts.mail.MailSender;
import io.ottplatform.serving.accounts.resources.AccountDeletionResource;
import io.ottplatform.serving.accounts.resources.ErasureRequestResource;
import io.ottplatform.serving.accounts.resources.PasswordResetResource;
import io.ottplatform.serving.accounts.auth.AccessTokens;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.auth.JsonUnauthorizedHandler;
import io.ottplatform.serving.accounts.auth.JwtAuthenticator;
import io.ottplatform.serving.accounts.auth.LoginThrottle;
import io.ottplatform.serving.accounts.auth.RoleAuthorizer;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.accounts.db.AccountPlanOutboxDao;
import io.ottplatform.serving.accounts.db.DeviceAuthorizationDao;
import io.ottplatform.serving.accounts.db.DeviceDao;
import io.ottplatform.serving.accounts.db.ProfileDao;
import io.ottplatform.serving.accounts.db.TokenDao;
import io.ottplatform.serving.accounts.resources.AuthResource;
import io.ottplatform.serving.accounts.resources.DeviceGrantResource;
import io.ottplatform.serving.accounts.resources.DeviceResource;
import io.ottplatform.serving.accounts.resources.ProfileResource;
import io.ottplatform.serving.admin.resources.AdminResource;
import io.ottplatform.serving.admin.resources.EditorResource;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.catalog.CatalogOutbox;
import io.ottplatform.serving.catalog.db.MediaDao;
import io.ottplatform.serving.catalog.db.OutboxDao;
import io.ottplatform.serving.catalog.db.TitleDao;
import io.ottplatform.serving.catalog.resources.CatalogResource;
import io.ottplatform.serving.common.ApiExceptionMapper;
import io.ottplatform.serving.common.ClientAddresses;
import io.ottplatform.serving.common.CorsFilter;
import io.ottplatform.serving.common.RateLimiter;
import io.ottplatform.serving.common.OutboxRelay;
import io.ottplatform.serving.common.OutboxSource;
import io.ottplatform.serving.common.UnreadBodyDrain;
import io.ottplatform.serving.common.OpenApiResource;
import io.ottplatform.serving.common.ViewerCountry;
import io.ottplatform.serving.common.ViewerCountryResolver;
import io.ottplatform.serving.config.AuthConfig;
import io.ottplatform.serving.config.OutboxConfig;
import io.ottplatform.serving.config.PlaybackConfig;
import io.ottplatform.serving.config.RecommendationsConfig;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.health.ConcurrencyGuardHealthCheck;
import io.ottplatform.serving.health.OutboxHealthCheck;
import io.ottplatform.serving.health.RecommendationsHealthCheck;
import io.ottplatform.serving.media.MediaJobProgressHandler;
import io.ottplatform.serving.media.MediaProgressConsumer;
import io.ottplatform.serving.media.TusUploads;
import io.ottplatform.serving.media.db.MediaJobDao;
import io.ottplatform.serving.media.resources.MediaJobsResource;
import io.ottplatform.serving.media.UploadCleaner;
import io.ottplatform.serving.media.db.MediaJobOutboxDao;
import io.ottplatform.serving.media.db.UploadDao;
import io.ottplatform.serving.media.resources.TusHeaders;
import io.ottplatform.serving.media.resources.UploadResource;
import io.ottplatform.schemas.avro.MediaEncryption;
import io.ottplatform.serving.config.MediaConfig;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.keys.PostgresKeyStore;
import io.ottplatform.serving.playback.PipelineKeys;
import java.security.SecureRandom;
import io.ottplatform.serving.playback.ConcurrencyGuardClient;
import io.ottplatform.serving.playback.GuardMetrics;
import io.ottplatform.serving.playback.PlayableTitles;
import io.ottplatform.serving.playback.PlaybackPolicy;
import io.ottplatform.serving.playback.PlaybackService;
import io.ottplatform.serving.playback.PlaybackSessionCleaner;
import io.ottplatform.serving.playback.PlaybackSessions;
import io.ottplatform.serving.playback.SessionUrls;
import io.ottplatform.serving.playback.db.PlaybackSessionDao;
import io.ottplatform.serving.playback.resources.PlaybackSessionResource;
import io.ottplatform.serving.playback.PlaybackTokenIssuer;
import io.ottplatform.serving.playback.UrlSigner;
import io.ottplatform.serving.playback.db.PlaybackFactsDao;
import io.ottplatform.serving.playback.db.ProgressDao;
import io.ottplatform.serving.playback.resources.JwksResource;
import io.ottplatform.serving.playback.resources.KeyResource;
import io.ottplatform.serving.playback.resources.MediaResource;
import io.ottplatform.serving.playback.resources.PlaybackResource;
import io.ottplatform.serving.playback.resources.ProgressResource;
import io.ottplatform.serving.recommendations.ImpressionWriter;
import io.ottplatform.serving.recommendations.db.ImpressionOutboxDao;
import io.ottplatform.serving.recommendations.RecommendationCaches;
import io.ottplatform.serving.recommendations.RecommendationMetrics;
import io.ottplatform.serving.recommendations.RecommendationRules;
import io.ottplatform.serving.recommendations.RecommendationService;
import io.ottplatform.serving.recommendations.db.RecommendationDao;
import io.ottplatform.serving.recommendations.resources.RecommendationsResource;
import io.ottplatform.serving.recommendations.resources.SimilarTitlesResource;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * serving-api: accounts and auth, catalog and search, playback authorization, origin and keys,
 * watch progress. Everything is wired here by hand, top to bottom: storage, services, HTTP.
 */
public class ServingApplication extends Application<ServingConfiguration> {

  /**
   * How long a profile and a title's playback facts are remembered per instance; the same staleness
   * the browse rows accept (writes on this instance clear them at once).
   */
  private static final Duration CATALOG_CACHE_TTL = Duration.ofSeconds(2);

  public static void main(String[] args) throws Exception {
    new ServingApplication().run(args);
  }

  @Override
  public String getName() {
    return "serving-api";
  }

  @Override
  public void initialize(Bootstrap<ServingConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new AdminCommand());
    bootstrap.getObjectMapper().registerModule(io.ottplatform.serving.common.NulFreeStrings.module());
    bootstrap.addBundle(new MigrationsBundle<ServingConfiguration>() {
      @Override
      public DataSourceFactory getDataSourceFactory(ServingConfiguration configuration) {
        return configuration.getDatabase();
      }

      @Override
      public String getMigrationsFileName() {
        return "migrations.sql";
      }
    });
  }

  /** The time every part of the service reads; one clock, so a test can move it for all of them at once. */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public void run(ServingConfiguration config, Environment env) {
    Clock clock = clock();
    AuthConfig authConfig = config.getAuth();
    PlaybackConfig playbackConfig = config.getPlayback();

    // storage
    Jdbi jdbi = new JdbiFactory().build(env, config.getDatabase(), "postgresql");
    // No SQL here uses <attribute> templates. Dropwizard's name-prepending wrapper re-ran JDBI's ANTLR
    // template lexer on every statement, uncached: a tenth of all allocation under load (JFR).
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    AccountDao accounts = new AccountDao(jdbi);
    DeviceDao devices = new DeviceDao(jdbi);
    TokenDao tokens = new TokenDao(jdbi);
    ProfileDao profileDao = new ProfileDao(jdbi);
    TitleDao titles = new TitleDao(jdbi);
    MediaDao media = new MediaDao(jdbi);
    OutboxDao outbox = new OutboxDao(jdbi);
    ProgressDao progress = new ProgressDao(jdbi);

    // auth
    AccessTokens accessTokens = new AccessTokens(AccessTokenKeys.of(authConfig.getAccessTokenKeyId(),
        authConfig.getAccessTokenSecret(), authConfig.getPreviousAccessTokenKeys()), authConfig.getIssuer(),
        authConfig.getAudience(), authConfig.getAccessTokenTtl().toJavaDuration(), clock);
    AccountPlanOutboxDao planOutbox = new AccountPlanOutboxDao(jdbi);
    // throttles and rate limits key the client behind the trusted proxies the viewer country trusts
    ClientAddresses clientAddresses = new ClientAddresses(config.getViewerCountry().getTrustedProxies());
    PasswordHasher hasher = new PasswordHasher(authConfig.getArgon2MemoryKib(), authConfig.getArgon2Iterations(),
        authConfig.getArgon2Parallelism(), authConfig.getMaxConcurrentPasswordHashes());
    AuthService authService = new AuthService(accounts, new NewAccounts(accounts, planOutbox, config.getPlans(), clock),
        devices, tokens, hasher,
        accessTokens, new LoginThrottle(authConfig.getMaxFailedLogins(), authConfig.getLoginBaseDelay().toJavaDuration(),
            authConfig.getLoginMaxDelay().toJavaDuration(), authConfig.getMaxFailedLoginsPerAddress(),
            authConfig.getLoginWindow().toJavaDuration(), authConfig.getMaxTrackedClients(), clock),
        new RateLimiter("sign-ups", authConfig.getSignupsPerAddressPerHour(), Duration.ofHours(1),
            authConfig.getMaxTrackedClients(), clock),
        config.getPlans(), authConfig.getRefreshTokenTtl().toJavaDuration(),
        authConfig.getSessionAbsoluteLifetime().toJavaDuration(), clock);
    warnWhenNoAdmin(accounts);
    JwtAuthenticator authenticator = new JwtAuthenticator(accessTokens, tokens);
    authService.onRevoke(authenticator::forgetAll);
    env.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<AccountPrincipal>()
        .setAuthenticator(authenticator)
        .setAuthorizer(new RoleAuthorizer())
        .setPrefix("Bearer")
        .setRealm("ott")
        .setUnauthorizedHandler(new JsonUnauthorizedHandler())
        .buildAuthFilter()));
    env.jersey().register(RolesAllowedDynamicFeature.class);
    env.jersey().register(new AuthValueFactoryProvider.Binder<>(AccountPrincipal.class));

    // domain
    ProfileService profiles = new ProfileService(profileDao, authConfig.getMaxProfilesPerAccount(), CATALOG_CACHE_TTL);
    CatalogService catalog = new CatalogService(titles, outbox, media, env.getObjectMapper(), clock);
    ViewerCountry country = new ViewerCountry(new ViewerCountryResolver(
        config.getViewerCountry().getTrustedProxies(), config.getViewerCountry().getFallbackCountry()),
        config.getViewerCountry().getHeader());
    ConcurrencyGuardClient guard = new ConcurrencyGuardClient(config.getConcurrencyGuard().getUrl(),
        config.getConcurrencyGuard().getTimeout().toJavaDuration(), config.getConcurrencyGuard().getToken());
    GuardMetrics guardMetrics = new GuardMetrics();
    UrlSigner urlSigner = new UrlSigner(playbackConfig.getUrlSigningSecret(), clock);
    PlaybackTokenIssuer tokenIssuer = new PlaybackTokenIssuer(
        PlaybackTokenIssuer.loadOrGenerate(playbackConfig.getSigningJwkFile()), playbackConfig.getTokenIssuer(),
        playbackConfig.getTokenAudience(), playbackConfig.getTokenTtl().toJavaDuration(), clock);
    PlaybackFactsDao playbackFacts = new PlaybackFactsDao(jdbi);
    PlayableTitles playableTitles = new PlayableTitles(playbackFacts, catalog, CATALOG_CACHE_TTL, 100_000);
    PlaybackSessionDao playbackSessionDao = new PlaybackSessionDao(jdbi);
    PlaybackSessions playbackSessions = new PlaybackSessions(playbackSessionDao, playableTitles,
        config.getPlans(), playbackConfig.getUrlTtl().toJavaDuration(),
        playbackConfig.getSessionCheckTtl().toJavaDuration(), clock);
    env.lifecycle().manage(new PlaybackSessionCleaner(playbackSessionDao,
        playbackConfig.getSessionRetention().toJavaDuration(), playbackConfig.getSessionCleanupInterval().toJavaDuration(),
        clock));
    SessionUrls sessionUrls = new SessionUrls(urlSigner, playbackConfig.getPublicBaseUrl());
    PlaybackService playback = new PlaybackService(playbackFacts, playableTitles, config.getPlans(),
        new PlaybackPolicy(guard, config.getConcurrencyGuard().getWhenUnavailable(), guardMetrics),
        sessionUrls, playbackSessions, tokenIssuer, clock);

    // HTTP
    env.jersey().register(new ApiExceptionMapper());
    // before Jersey: a preflight is answered here, and every answer to a listed origin is labelled
    env.servlets().addFilter("cors", new CorsFilter(config.getCors().getAllowedOrigins(),
            config.getCors().getMaxAge().toSeconds()))
        .addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), true, "/*");
    env.jersey().register(new UnreadBodyDrain()); // a refusal keeps the connection open for the next request
    env.jersey().register(new AuthResource(authService, clientAddresses));
    accountLifecycle(config, jdbi, accounts, hasher, authService, authenticator::forgetAll, clientAddresses, env, clock);
    env.jersey().register(new AdminResource(accounts, authService));
    env.jersey().register(new DeviceGrantResource(new DeviceGrantService(new DeviceAuthorizationDao(jdbi), authService,
        authConfig.getDeviceVerificationUri(), new RateLimiter("device codes", authConfig.getDeviceCodesPerAddressPerHour(),
            Duration.ofHours(1), authConfig.getMaxTrackedClients(), clock), authConfig.getMaxTrackedClients(), clock),
        clientAddresses));
    env.jersey().register(new ProfileResource(profiles));
    env.jersey().register(new DeviceResource(devices, authenticator::forgetAll));
    env.jersey().register(new CatalogResource(catalog, profiles, country));
    env.jersey().register(new EditorResource(catalog));
    env.jersey().register(new PlaybackResource(playback, country, new RateLimiter("playback grants", "one account",
        config.getPlayback().getGrantsPerAccountPerMinute(), Duration.ofMinutes(1), 200_000, clock)));
    env.jersey().register(new PlaybackSessionResource(playback, playbackSessions));
    env.jersey().register(new ProgressResource(progress, profiles, titles, playableTitles, country, clock));
    env.jersey().register(new MediaResource(Path.of(playbackConfig.getOriginDirectory()), urlSigner, playbackSessions,
        sessionUrls));
    PipelineKeys pipelineKeys = pipelineKeys(config);
    env.jersey().register(new KeyResource(media, urlSigner, playbackSessions, pipelineKeys));
    env.jersey().register(new JwksResource(tokenIssuer));
    env.jersey().register(new OpenApiResource());
    MediaJobOutboxDao mediaJobs = new MediaJobOutboxDao(jdbi);
    MediaJobDao mediaJobStates = new MediaJobDao(jdbi);
    media(config.getMedia(), new UploadDao(jdbi), mediaJobs, mediaJobStates, env, clock);
    env.jersey().register(new MediaJobsResource(mediaJobStates));
    if (!config.getOutbox().getBootstrapServers().isBlank()) {
      env.lifecycle().manage(new MediaProgressConsumer(config.getOutbox().getBootstrapServers(),
          new MediaJobProgressHandler(mediaJobStates, catalog, pipelineKeys)));
    }
    // the player SDK as the player-sdk jar ships it (issue #13: served by the platform): a page's
    // <script src="/sdk/ott-player-sdk.iife.js">, or import from /sdk/ott-player-sdk.esm.js
    env.servlets().addServlet("player-sdk", new io.dropwizard.servlets.assets.AssetServlet(
        "/META-INF/resources/player-sdk", "/sdk", null, java.nio.charset.StandardCharsets.UTF_8)).addMapping("/sdk/*");
    // the admin dashboard (issue #13): /v1/dashboard/* for admins and analysts, the page at /dashboard/
    io.ottplatform.serving.dashboard.Dashboard.register(config.getDashboard(), jdbi, env, clock);
    // the watch page (issue #13): a viewer signs in and plays with hls.js and the SDK at /watch/
    io.ottplatform.serving.watch.Watch.register(config.getWatch(), env);
    RecommendationMetrics recMetrics = new RecommendationMetrics();
    RecommendationCaches recCaches = recommendations(config.getRecommendations(), jdbi, country, recMetrics, env, clock);

    // operations: health checks and Prometheus on the admin port
    env.healthChecks().register("catalog-outbox", new OutboxHealthCheck(outbox,
        config.getOutbox().getMaxLag().toJavaDuration(), clock));
    env.healthChecks().register("concurrency-guard",
        new ConcurrencyGuardHealthCheck(guard, config.getConcurrencyGuard().getWhenUnavailable()));
    startOutboxRelays(config.getOutbox(), new CatalogOutbox(outbox, env.getObjectMapper()), planOutbox, mediaJobs,
        new ImpressionOutboxDao(jdbi), env);
    env.healthChecks().register("recommendations", new RecommendationsHealthCheck(recCaches,
        java.time.Duration.ofMinutes(1)));
    CollectorRegistry prometheus = new CollectorRegistry();
    prometheus.register(new DropwizardExports(env.metrics()));
    recMetrics.register(prometheus);
    guardMetrics.register(prometheus);
    env.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/prometheus");
  }

  /**
   * Password reset by e-mail (the mail outbox and its SMTP sender) and account deletion with the lake's erasure
   * request (issue #14).
   */
  private static void accountLifecycle(ServingConfiguration config, Jdbi jdbi, AccountDao accounts,
      PasswordHasher hasher, AuthService auth, Runnable onRevoke, ClientAddresses clients, Environment env,
      Clock clock) {
    AuthConfig a = config.getAuth();
    PasswordResets resets = new PasswordResets(accounts, new PasswordResetDao(jdbi), hasher,
        new RateLimiter("password resets", a.getPasswordResetsPerAddressPerHour(), Duration.ofHours(1),
            a.getMaxTrackedClients(), clock),
        new RateLimiter("reset mails", a.getPasswordResetMailsPerEmailPerHour(), Duration.ofHours(1),
            a.getMaxTrackedClients(), clock),
        a.getPasswordResetUrl(), a.getPasswordResetTtl().toJavaDuration(), onRevoke, clock);
    env.jersey().register(new PasswordResetResource(resets, clients));
    if (config.getMail().getSmtpHost().isBlank()) {
      org.slf4j.LoggerFactory.getLogger(ServingApplication.class).warn("mail delivery is off (mail.smtpHost is empty): "
          + "password-reset mails stay in mail_outbox until they expire; set OTT_SERVING_SMTP_HOST to send them");
    } else {
      MailSender sender = new MailSender(new MailOutboxDao(jdbi), config.getMail(), clock);
      env.lifecycle().manage(sender);
      env.metrics().register("mail-outbox.sent", (Gauge<Long>) sender::sent);
      env.metrics().register("mail-outbox.failures", (Gauge<Long>) sender::failures);
    }
    AccountErasure erasure = new AccountErasure(auth, new ErasureDao(jdbi), onRevoke, clock);
    env.jersey().register(new AccountDeletionResource(erasure, clients));
    env.jersey().register(new ErasureRequestResource(erasure));
  }

  /** Sign-up never makes an admin: say at start how the first one is made. */
  private static void warnWhenNoAdmin(AccountDao accounts) {
    try {
      if (accounts.countWithRole(io.ottplatform.serving.accounts.auth.Role.ADMIN.id()) == 0) {
        org.slf4j.LoggerFactory.getLogger(ServingApplication.class).warn(
            "no admin account yet: create the first with './ott admin create --email E --role admin' "
                + "(or 'serving-api admin create --email E --role admin config.yml'); see docs/security.md");
      }
    } catch (org.jdbi.v3.core.JdbiException notMigratedYet) {
      // 'db migrate' has not run yet (a test migrates after the start): nothing to say about admins
    }
  }

  /** Recommendations and similar titles (issue #7): caches, impression writer and the two resources. */
  private static RecommendationCaches recommendations(RecommendationsConfig config, Jdbi jdbi, ViewerCountry country,
      RecommendationMetrics metrics, Environment env, Clock clock) {
    RecommendationDao dao = new RecommendationDao(jdbi);
    RecommendationCaches caches = new RecommendationCaches(dao, env.getObjectMapper(),
        config.getArmsRefresh().toJavaDuration(), config.getCatalogPoll().toJavaDuration(),
        config.getCatalogReload().toJavaDuration(), clock);
    ImpressionWriter impressions = new ImpressionWriter(dao, config.getImpressionQueue(), config.getImpressionBatch(),
        config.getImpressionFlush().toJavaDuration(), metrics);
    env.lifecycle().manage(caches);
    env.lifecycle().manage(impressions);
    RecommendationService service = new RecommendationService(dao, caches,
        new RecommendationRules(config.getMaxPerGenre(), config.getDiversityWindow()), impressions, metrics, clock);
    env.jersey().register(new RecommendationsResource(service, country));
    env.jersey().register(new SimilarTitlesResource(service, country));
    return caches;
  }

  /** media-pipeline's key table in the service database, unwrapped with the master key it was wrapped with. */
  private static PipelineKeys pipelineKeys(ServingConfiguration config) {
    SecureRandom random = new SecureRandom();
    MediaConfig media = config.getMedia();
    DataSourceFactory db = config.getDatabase();
    return new PipelineKeys(() -> new PostgresKeyStore(db.getUrl(), db.getUser(), db.getPassword(),
        MasterKey.fromConfig(media.getMasterKey(), Path.of(media.getMasterKeyFile()), random), random));
  }

  /** tus uploads of source files (issue #12), their cleaner, and the Tus-Resumable header on every answer. */
  private static void media(MediaConfig config, UploadDao uploadDao, MediaJobOutboxDao jobs, MediaJobDao jobStates,
      Environment env, Clock clock) {
    MediaEncryption encryption;
    try {
      encryption = MediaEncryption.valueOf(config.getEncryption());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("media.encryption '" + config.getEncryption()
          + "' is not one of NONE, AES_128, CENC", e);
    }
    TusUploads uploads = new TusUploads(uploadDao, jobs, jobStates, Path.of(config.getUploadDirectory()),
        config.getMaxUploadBytes(), config.getUploadExpiry().toJavaDuration(), config.getLadder(), encryption, clock);
    env.lifecycle().manage(new UploadCleaner(uploads, config.getCleanInterval().toJavaDuration()));
    env.jersey().register(new UploadResource(uploads));
    env.jersey().register(new TusHeaders());
  }

  /**
   * The catalog outbox to catalog.changes, account plans to account.plans, media jobs to media.jobs, recommendation
   * impressions to recommendations.impressions.
   */
  private static void startOutboxRelays(OutboxConfig config, CatalogOutbox catalog, AccountPlanOutboxDao plans,
      MediaJobOutboxDao mediaJobs, ImpressionOutboxDao impressions, Environment env) {
    if (config.getBootstrapServers().isBlank()) {
      return; // changes stay in the outboxes; the health check shows the catalog's growing lag
    }
    relay("catalog-outbox", catalog, Topics.CATALOG_CHANGES, config, env);
    relay("account-plan-outbox", plans, Topics.ACCOUNT_PLANS, config, env);
    relay("media-job-outbox", mediaJobs, Topics.MEDIA_JOBS, config, env);
    relay("impression-outbox", impressions, Topics.RECOMMENDATION_IMPRESSIONS, config, env);
  }

  private static <V> void relay(String name, OutboxSource<V> outbox, Topic<String, V> topic, OutboxConfig config,
      Environment env) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getBootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "serving-api-" + name);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
    KafkaProducer<String, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
        topic.valueSerde().serializer());
    OutboxRelay<V> relay = new OutboxRelay<>(name, outbox, topic, producer, config.getPollInterval().toJavaDuration(),
        config.getBatchSize());
    env.lifecycle().manage(relay);
    env.metrics().register(name + ".published", (Gauge<Long>) relay::published);
    env.metrics().register(name + ".failures", (Gauge<Long>) relay::failures);
  }
}
