package io.ottplatform.stream.connectors;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.schemas.serde.AvroSerde;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes {@code playback.events} records with the contract's serde. A record that does not decode
 * (not the contract, an unknown writer schema) is skipped, logged and counted
 * ({@code undecodableEvents}) rather than failing the job in a restart loop.
 */
public final class PlaybackEventDeserializer implements KafkaRecordDeserializationSchema<PlaybackEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PlaybackEventDeserializer.class);

  private transient AvroSerde<PlaybackEvent> serde;
  private transient Counter undecodable;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    serde = (AvroSerde<PlaybackEvent>) Topics.PLAYBACK_EVENTS.valueSerde();
    undecodable = context.getMetricGroup().counter("undecodableEvents");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PlaybackEvent> out) {
    if (record.value() == null) {
      return;
    }
    try {
      out.collect(serde.decode(record.value()));
    } catch (SerializationException e) {
      undecodable.inc();
      LOG.warn("skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  @Override
  public TypeInformation<PlaybackEvent> getProducedType() {
    return TypeInformation.of(PlaybackEvent.class);
  }
}
