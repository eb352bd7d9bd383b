package io.ottplatform.ingest;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.ottplatform.ingest.IngestConfiguration.KafkaSettings;
import io.ottplatform.ingest.auth.JwksSources;
import io.ottplatform.ingest.auth.PlaybackTokenVerifier;
import io.ottplatform.ingest.core.BatchReader;
import io.ottplatform.net.CidrRange;
import io.ottplatform.ingest.core.EventValidator;
import io.ottplatform.ingest.core.IngestMetrics;
import io.ottplatform.net.IpAddresses;
import io.ottplatform.ingest.core.RateLimiter;
import io.ottplatform.ingest.core.RequestEnricher;
import io.ottplatform.ingest.core.UserAgentClassifier;
import io.ottplatform.ingest.health.KafkaHealthCheck;
import io.ottplatform.ingest.health.PrometheusServlet;
import io.ottplatform.ingest.kafka.EventPublisher;
import io.ottplatform.ingest.kafka.KafkaCircuit;
import io.ottplatform.ingest.kafka.ProducerSettings;
import io.ottplatform.ingest.http.Cors;
import io.ottplatform.ingest.http.CmcdServlet;
import io.ottplatform.ingest.http.EventsServlet;
import io.ottplatform.ingest.http.IngestGate;
import io.ottplatform.ingest.cmcd.CmcdEventMapper;
import io.ottplatform.ingest.cmcd.CmcdReportReader;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;

/** ingest-api: wires the pieces by hand, in the order a request meets them. */
public class IngestApplication extends Application<IngestConfiguration> {

  public static void main(String[] args) throws Exception {
    new IngestApplication().run(args);
  }

  @Override
  public String getName() {
    return "ingest-api";
  }

  @Override
  public void initialize(Bootstrap<IngestConfiguration> bootstrap) {
    // ${KAFKA_BOOTSTRAP:-127.0.0.1:9092} in config.yml: file defaults, environment overrides
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
  }

  @Override
  public void run(IngestConfiguration config, Environment environment) {
    Clock clock = Clock.systemUTC();
    IngestConfiguration.Limits limits = config.getLimits();
    IngestMetrics metrics = new IngestMetrics(environment.metrics());

    PlaybackTokenVerifier tokens = new PlaybackTokenVerifier(JwksSources.from(config.getPlaybackToken()),
        config.getPlaybackToken().issuer, config.getPlaybackToken().audience,
        Duration.ofMillis(config.getPlaybackToken().clockSkew.toMilliseconds()), clock, 200_000);
    RequestEnricher enricher = new RequestEnricher(
        new IpAddresses(config.getEnrichment().trustedProxies.stream().map(CidrRange::parse).toList()),
        new UserAgentClassifier(config.getEnrichment().userAgentCacheSize),
        config.getEnrichment().countryHeader);

    KafkaSettings kafka = config.getKafka();
    KafkaCircuit circuit = new KafkaCircuit(Duration.ofMillis(kafka.unavailableBackoff.toMilliseconds()), System::nanoTime);
    KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(ProducerSettings.of(kafka),
        Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer());
    EventPublisher publisher = new EventPublisher(producer, Topics.PLAYBACK_EVENTS, circuit, environment.metrics());
    environment.lifecycle().manage(publisher);

    // answers are written from here, never from the producer's I/O thread
    ExecutorService responder = environment.lifecycle().executorService("ingest-responder-%d")
        .minThreads(2).maxThreads(2).build();

    // one limiter of each kind for both endpoints: a session's (and an account's) JSON events and CMCD reports
    // share its budget
    IngestGate gate = new IngestGate(tokens, enricher, new IngestGate.Limits(
        new RateLimiter(config.getRateLimits().perIp, System::nanoTime),
        new RateLimiter(config.getRateLimits().perSession, System::nanoTime),
        new RateLimiter(config.getRateLimits().perAccount, System::nanoTime)),
        publisher, metrics, new Cors(config.getCors().allowedOrigins, config.getCors().preflightMaxAge.toSeconds()),
        Duration.ofMillis(kafka.ackTimeout.toMilliseconds()), responder);

    // a plain async servlet, not a Jersey resource: the exact mapping wins over Jersey's /*, so the
    // hot path skips Jersey's dispatch entirely (see EventsServlet)
    EventsServlet events = new EventsServlet(
        new BatchReader(limits.maxBodySize.toBytes(), limits.maxEvents),
        new EventValidator(Duration.ofMillis(limits.maxClockAhead.toMilliseconds()),
            Duration.ofMillis(limits.maxEventAge.toMilliseconds())),
        gate, metrics, clock);
    ServletRegistration.Dynamic registration = environment.servlets().addServlet("events", events);
    registration.setAsyncSupported(true);
    registration.addMapping(EventsServlet.PATH);

    // CMCD v2 event-mode reports from unmodified players: the same token check, limits and producer
    CmcdServlet cmcd = new CmcdServlet(
        new CmcdReportReader(limits.maxBodySize.toBytes(), limits.maxEvents),
        new CmcdEventMapper(Duration.ofMillis(limits.maxClockAhead.toMilliseconds()),
            Duration.ofMillis(limits.maxEventAge.toMilliseconds())),
        gate, metrics, clock);
    ServletRegistration.Dynamic cmcdRegistration = environment.servlets().addServlet("cmcd", cmcd);
    cmcdRegistration.setAsyncSupported(true);
    cmcdRegistration.addMapping(CmcdServlet.PATH);

    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    Admin admin = Admin.create(adminProps);
    environment.lifecycle().manage(new Managed() {
      @Override
      public void stop() {
        admin.close(Duration.ofSeconds(2));
      }
    });
    environment.lifecycle().addServerLifecycleListener(new NoHeaderCache());
    environment.healthChecks().register("kafka", new KafkaHealthCheck(admin, circuit));
    environment.admin().addServlet("prometheus", new PrometheusServlet(environment.metrics())).addMapping("/prometheus");
  }
}
