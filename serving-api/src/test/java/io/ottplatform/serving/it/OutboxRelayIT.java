package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ChangeOperation;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Catalog changes travel outbox → relay → the real broker's catalog.changes, and account plans to
 * account.plans, as Avro via the registry's serde.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxRelayIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension @Order(3) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir(),
      ConfigOverride.config("outbox.bootstrapServers", KAFKA::bootstrapServers),
      ConfigOverride.config("outbox.pollInterval", "100 milliseconds"));

  private static Api api;
  private static Session editor;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
    editor = api.adminLogin("admin@example.com", "cms");
  }

  @Test
  @Order(1)
  void createUpdateAndDeleteArePublishedInOrderWithTheirVersions() throws Exception {
    Reply created = api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("movie", "Relay Runner", "13+", List.of("Action"), Api.openIn("DE", "AT")));
    String id = created.text("id");
    api.put("/v1/admin/titles/" + id, editor.accessToken(),
        Api.title("movie", "Relay Runner II", "16+", List.of("Action"), Api.openIn("DE")), "If-Match", "\"1\"");
    assertThat(api.send("DELETE", "/v1/admin/titles/" + id, editor.accessToken(), null, "If-Match", "\"2\"").status())
        .isEqualTo(204);

    List<CatalogChange> changes = consumeUntil(records -> records.stream()
            .anyMatch(r -> r.key().equals(id) && r.value().getOperation() == ChangeOperation.DELETE))
        .stream().filter(r -> r.key().equals(id)).map(ConsumerRecord::value).toList();

    assertThat(changes).extracting(CatalogChange::getOperation)
        .containsExactly(ChangeOperation.UPSERT, ChangeOperation.UPSERT, ChangeOperation.DELETE);
    assertThat(changes).extracting(CatalogChange::getVersion).containsExactly(1L, 2L, 3L);
    assertThat(changes.get(0).getTitle().getName()).isEqualTo("Relay Runner");
    assertThat(changes.get(0).getTitle().getAvailableCountries()).containsExactly("AT", "DE");
    assertThat(changes.get(1).getTitle().getMaturityRating()).isEqualTo("16+");
    assertThat(changes.get(1).getChangedBy()).isEqualTo(editor.accountId());
    assertThat(changes.get(2).getTitle()).isNull();
    assertThat(changes.get(0).getChangeId()).isLessThan(changes.get(1).getChangeId());
    awaitUnsent(0);
  }

  @Test
  @Order(2)
  void aChangeMadeWhileKafkaIsDownStaysInTheOutboxUntilTheBrokerAcknowledgesIt() throws Exception {
    KAFKA.stop();
    try {
      Reply created = api.post("/v1/admin/titles", editor.accessToken(),
          Api.title("movie", "Written While Down", "ALL", List.of(), Api.openIn("DE")));
      assertThat(created.status()).as("the catalog write does not depend on Kafka").isEqualTo(201);
      await("not marked sent without an ack").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
          .until(OutboxRelayIT::unsent, n -> n == 1);
    } finally {
      KAFKA.restart();
    }
    awaitUnsent(0);
    consumeUntil(records -> records.stream().map(r -> r.value().getTitle())
        .anyMatch(t -> t != null && t.getName().equals("Written While Down")));
  }

  @Test
  @Order(3)
  void aNewAccountsPlanIsPublishedToAccountPlansForTheGuard() {
    Session viewer = api.signUpAndLogin("plan@example.com", "tv");

    AccountPlan plan = readPlan(viewer.accountId());

    assertThat(plan.getPlanId()).isEqualTo("basic");
    assertThat(plan.getMaxConcurrentStreams()).isEqualTo(1);
    assertThat(plan.getMaxDevices()).isEqualTo(2);
  }

  private static AccountPlan readPlan(String accountId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaConsumer<String, AccountPlan> consumer = new KafkaConsumer<>(p,
        Topics.ACCOUNT_PLANS.keySerde().deserializer(), Topics.ACCOUNT_PLANS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = IntStream.range(0, Topics.ACCOUNT_PLANS.partitions())
          .mapToObj(i -> new TopicPartition(Topics.ACCOUNT_PLANS.name(), i)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<AccountPlan> plans = new ArrayList<>();
      return await("the plan of " + accountId + " on account.plans").atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key().equals(accountId)) {
            plans.add(r.value());
          }
        });
        return plans.isEmpty() ? null : plans.get(0);
      }, java.util.Objects::nonNull);
    }
  }

  /** catalog.changes from the beginning, read until {@code done} holds for what was read. */
  private static List<ConsumerRecord<String, CatalogChange>> consumeUntil(
      Predicate<List<ConsumerRecord<String, CatalogChange>>> done) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaConsumer<String, CatalogChange> consumer = new KafkaConsumer<>(p,
        Topics.CATALOG_CHANGES.keySerde().deserializer(), Topics.CATALOG_CHANGES.valueSerde().deserializer())) {
      List<TopicPartition> partitions = IntStream.range(0, Topics.CATALOG_CHANGES.partitions())
          .mapToObj(i -> new TopicPartition(Topics.CATALOG_CHANGES.name(), i)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, CatalogChange>> records = new ArrayList<>();
      return await("records on catalog.changes").atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
      }, done);
    }
  }

  private static void awaitUnsent(int expected) {
    await("unsent outbox rows: " + expected).atMost(Duration.ofSeconds(60))
        .until(OutboxRelayIT::unsent, n -> n == expected);
  }

  private static int unsent() throws Exception {
    try (Connection c = DB.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM catalog_outbox WHERE sent_at IS NULL")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static java.nio.file.Path tempDir() {
    try {
      return Files.createTempDirectory("ott-origin-");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

}
