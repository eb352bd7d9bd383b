package io.ottplatform.batch;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.config.BatchJobCommand;
import io.ottplatform.config.Settings;
import io.ottplatform.lake.LakeSession;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;

/** Test wiring: a batch config over a test database and warehouse, the shared local[2] session, a producer. */
public final class TestLake {

  private TestLake() {}

  /** {@code --set} arguments of a batch job over the test database and warehouse, plus {@code key=value} extras. */
  public static List<String> args(PostgresDatabaseExtension db, Path warehouse, String kafkaBootstrap, String... extra) {
    List<String> settings = new ArrayList<>(List.of("lake.spark-master=local[2]", "lake.catalog-db.url=" + db.jdbcUrl(),
        "lake.catalog-db.user=" + db.user(), "lake.catalog-db.password=" + db.password(),
        "lake.warehouse=" + warehouse.toUri(), "lake.shuffle-partitions=2"));
    if (kafkaBootstrap != null) {
      settings.add("kafka.bootstrap=" + kafkaBootstrap);
    }
    settings.addAll(List.of(extra));
    List<String> args = new ArrayList<>();
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return args;
  }

  /** A config as the land job reads it (no date, no viewer: tests add them with withDate / withViewer). */
  public static BatchConfig config(PostgresDatabaseExtension db, Path warehouse, String kafkaBootstrap, String... extra) {
    Settings settings = BatchJobs.settings(BatchJobCommand.LAND, args(db, warehouse, kafkaBootstrap, extra)
        .toArray(String[]::new), Map.of());
    BatchConfig config = BatchConfig.read(settings, BatchJobCommand.LAND);
    settings.finish();
    return config;
  }

  public static SparkSession spark(BatchConfig config) {
    return LakeSession.create(config.lake(), "test");
  }

  public static void produce(String bootstrap, List<PlaybackEvent> events) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, PlaybackEvent> producer = new KafkaProducer<>(p,
        Topics.PLAYBACK_EVENTS.keySerde().serializer(), Topics.PLAYBACK_EVENTS.valueSerde().serializer())) {
      for (PlaybackEvent e : events) {
        producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), e.getSessionId(), e));
      }
      producer.flush();
    }
  }

  public static void produceRaw(String bootstrap, String key, byte[] value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.PLAYBACK_EVENTS.name(), key, value));
      producer.flush();
    }
  }
}
