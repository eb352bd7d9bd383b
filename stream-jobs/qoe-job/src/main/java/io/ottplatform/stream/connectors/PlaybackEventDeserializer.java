package io.ottplatform.stream.connectors;

import io.ottplatform.schemas.avro.PlaybackEvent;
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
 * Decodes {@code playback.events} records (the contract's single-object encoding, every released writer
 * schema; see {@link SingleObjectDecoder}). A record that does not decode
 * (not the contract, an unknown writer schema) is skipped, logged and counted
 * ({@code undecodableEvents}) rather than failing the job in a restart loop.
 */
public final class PlaybackEventDeserializer implements KafkaRecordDeserializationSchema<PlaybackEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PlaybackEventDeserializer.class);

  private transient SingleObjectDecoder<PlaybackEvent> decoder;
  private transient Counter undecodable;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder = new SingleObjectDecoder<>(PlaybackEvent.class);
    undecodable = context.getMetricGroup().counter("undecodableEvents");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PlaybackEvent> out) {
    if (record.value() == null) {
      return;
    }
    PlaybackEvent event;
    try {
      event = decoder.decode(record.value());
    } catch (SerializationException e) {
      undecodable.inc();
      LOG.warn("skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    // outside the try: with parallelism 1 the whole job is chained behind collect, and a failure
    // there (e.g. a sink's serializer) must fail the job, not be counted as an undecodable input
    out.collect(event);
  }

  @Override
  public TypeInformation<PlaybackEvent> getProducedType() {
    return TypeInformation.of(PlaybackEvent.class);
  }
}
