package io.ottplatform.stream;

import static io.ottplatform.schemas.avro.EventType.HEARTBEAT;
import static io.ottplatform.schemas.avro.EventType.PLAY;
import static io.ottplatform.schemas.avro.EventType.PLAYING;
import static io.ottplatform.schemas.avro.EventType.REBUFFER_END;
import static io.ottplatform.schemas.avro.EventType.REBUFFER_START;
import static io.ottplatform.schemas.avro.EventType.VIEW_END;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.stream.connectors.KafkaConnectors;
import io.ottplatform.stream.db.QoeJobMigrations;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A view that ends while every other partition is silent reaches the live tables within seconds of its
 * {@code VIEW_END}: the job (unbounded, real broker, real PostgreSQL) does not wait for the watermark, which here
 * never passes the end at all (nothing follows it in its partition, the other two partitions never see an event).
 */
class QuietFleetFreshnessIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final String INPUT = "quiet.events";
  /** Well under the 30 s idleness a watermark-driven summary would need at best; the delay is 1 s. */
  private static final Duration FRESH = Duration.ofSeconds(10);

  @Test
  void aViewEndingInAQuietFleetIsInTheViewTableAndItsMinuteWithinSeconds() throws Exception {
    KafkaIO.createTopics(KAFKA.bootstrapServers(), 3, INPUT, "quiet.summaries", "quiet.aggregates", "quiet.late");
    String password = DB.password() == null ? "" : DB.password();
    Map<String, String> settings = new HashMap<>(Map.of(
        "bootstrap", KAFKA.bootstrapServers(),
        "input-topic", INPUT, "summaries-topic", "quiet.summaries", "aggregates-topic", "quiet.aggregates",
        "late-topic", "quiet.late", "group-id", "quiet-it", "transactional-id-prefix", "quiet-it"));
    settings.putAll(Map.of("parallelism", "2", "checkpoint-interval", "1s", "early-fire-interval", "1s",
        "jdbc-url", DB.jdbcUrl(), "jdbc-user", DB.user(), "jdbc-password", password));
    QoeJobConfig config = TestConfigs.qoe(settings);
    QoeJobMigrations.migrate(DB.jdbcUrl(), DB.user(), password);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(env, config);
    QoeJob.build(env, config, KafkaConnectors.playbackEvents(config), QoeJob.Sinks.real(config));
    JobClient job = env.executeAsync("quiet-fleet");
    try (KafkaProducer<String, PlaybackEvent> producer = producer()) {
      // a first view proves the job is reading (its start-up takes longer than the freshness asked for)
      send(producer, Events.view("quiet-first").at(0, VIEW_START).at(100, PLAY).at(900, PLAYING)
          .at(10_000, HEARTBEAT).at(12_000, VIEW_END).events());
      await("the job reads and writes").atMost(Duration.ofSeconds(120)).until(() -> inViewTable("quiet-first"));

      List<PlaybackEvent> second = Events.view("quiet-second").at(60_000, VIEW_START).at(60_100, PLAY)
          .at(61_000, PLAYING).at(70_000, REBUFFER_START).at(71_500, REBUFFER_END).at(80_000, VIEW_END).events();
      send(producer, second.subList(0, second.size() - 1));
      long sent = System.nanoTime();
      send(producer, second.subList(second.size() - 1, second.size()));
      await("the view in qoe_view").atMost(FRESH).until(() -> inViewTable("quiet-second"));
      long viewMs = (System.nanoTime() - sent) / 1_000_000;
      await("the view ended in its minute of qoe_minute").atMost(FRESH).until(() -> endedInMinutes() == 2);
      long minuteMs = (System.nanoTime() - sent) / 1_000_000;
      System.out.printf("quiet fleet: VIEW_END to qoe_view %d ms, to qoe_minute %d ms%n", viewMs, minuteMs);

      try (Connection c = DB.connect(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT rebuffer_duration_ms, end_reason FROM qoe_view"
               + " WHERE session_id = 'quiet-second'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1500L);
        assertThat(rs.getString(2)).isEqualTo("VIEW_END");
      }
    } finally {
      job.cancel().get();
    }
  }

  private static void send(KafkaProducer<String, PlaybackEvent> producer, List<PlaybackEvent> events) {
    for (PlaybackEvent e : events) {
      producer.send(new ProducerRecord<>(INPUT, 0, e.getSessionId(), e)); // one partition; the others stay silent
    }
    producer.flush();
  }

  private static boolean inViewTable(String session) throws SQLException {
    try (Connection c = DB.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM qoe_view WHERE session_id = '" + session + "'")) {
      return rs.next() && rs.getLong(1) == 1;
    }
  }

  private static long endedInMinutes() throws SQLException {
    try (Connection c = DB.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT coalesce(sum(views_ended), 0) FROM qoe_minute WHERE dimension = 'GLOBAL'")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static KafkaProducer<String, PlaybackEvent> producer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", KAFKA.bootstrapServers());
    return new KafkaProducer<>(p, Topics.PLAYBACK_EVENTS.keySerde().serializer(),
        Topics.PLAYBACK_EVENTS.valueSerde().serializer());
  }
}
