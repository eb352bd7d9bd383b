package io.ottplatform.stream.connectors;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.stream.QoeJobConfig;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The real Kafka source and sinks of the QoE job, from its config. */
public final class KafkaConnectors {

  /** Below the broker's default transaction.max.timeout.ms (15 min); Flink's default (1 h) is refused. */
  static final String TRANSACTION_TIMEOUT_MS = "600000";

  private KafkaConnectors() {}

  public static KafkaSource<PlaybackEvent> playbackEvents(QoeJobConfig config) {
    KafkaSourceBuilder<PlaybackEvent> builder = KafkaSource.<PlaybackEvent>builder()
        .setBootstrapServers(config.bootstrap())
        .setTopics(config.inputTopic())
        .setGroupId(config.groupId())
        .setStartingOffsets(switch (config.startingOffsets()) {
          case "latest" -> OffsetsInitializer.latest();
          case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
          default -> OffsetsInitializer.earliest();
        })
        .setDeserializer(new PlaybackEventDeserializer())
        .setProperty("commit.offsets.on.checkpoint", "true")
        .setProperty("client.id.prefix", config.groupId());
    if (config.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /** An exactly-once (transactional) sink; records become visible to read_committed consumers at each checkpoint. */
  public static <T extends SpecificRecord> KafkaSink<T> exactlyOnce(QoeJobConfig config, String topic, Class<T> type,
      SerializableFunction<T, String> key, String transactionalIdSuffix) {
    Properties producer = new Properties();
    producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    producer.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
    producer.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrap())
        .setRecordSerializer(new KeyedAvroSerializer<>(topic, type, key))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + transactionalIdSuffix)
        .setKafkaProducerConfig(producer)
        .build();
  }
}
