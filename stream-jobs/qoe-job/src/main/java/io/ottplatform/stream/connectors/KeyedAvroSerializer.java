package io.ottplatform.stream.connectors;

import io.ottplatform.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes contract records to one topic: string key from the record, value in the contract's Avro encoding. */
public final class KeyedAvroSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private transient AvroSerde<T> serde;

  public KeyedAvroSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
    this.topic = topic;
    this.type = type;
    this.key = key;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
    if (serde == null) {
      serde = AvroSerde.of(type);
    }
    // no record timestamp from event time: the producer stamps the publish time. Player clocks can
    // be far ahead, and brokers refuse timestamps more than message.timestamp.after.max.ms ahead.
    return new ProducerRecord<>(topic, null, null, key.apply(element).getBytes(StandardCharsets.UTF_8),
        serde.encode(element));
  }
}
