package io.ottplatform.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.schemas.EventsAccess;
import io.ottplatform.schemas.SchemaEdits;
import io.ottplatform.schemas.SchemaHistory;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.avro.QoeAggregate;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<PlaybackEvent> serde = AvroSerde.of(PlaybackEvent.class);

  @Test
  void roundTripsARecordThroughKafkaSerializerAndDeserializer() {
    PlaybackEvent event = EventsAccess.playing("s-1", 3).build();

    byte[] bytes = serde.serializer().serialize("playback.events", event);
    PlaybackEvent back = serde.deserializer().deserialize("playback.events", bytes);

    assertThat(back).isEqualTo(event);
    assertThat(back.getClientTs()).isEqualTo(event.getClientTs());
  }

  @Test
  void writesTheSingleObjectHeaderWithTheWriterFingerprint() {
    byte[] bytes = serde.encode(EventsAccess.playing("s-1", 0).build());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(SchemaHistory.fingerprint(PlaybackEvent.getClassSchema()));
  }

  @Test
  void readsARecordWrittenWithAnOlderSchemaVersion() {
    // An "old" writer that did not have client_ip_prefix nor rendition yet.
    Schema old = SchemaEdits.withoutFields(PlaybackEvent.getClassSchema(), "client_ip_prefix", "rendition");
    GenericRecord oldRecord = new GenericData.Record(old);
    PlaybackEvent template = EventsAccess.playing("s-old", 7).build();
    for (Schema.Field f : old.getFields()) {
      oldRecord.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(template, f.name())));
    }
    byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old), oldRecord);

    PlaybackEvent read = AvroSerde.withWriterSchemas(PlaybackEvent.class, old).decode(bytes);

    assertThat(read.getSessionId()).isEqualTo("s-old");
    assertThat(read.getSequence()).isEqualTo(7);
    assertThat(read.getRendition()).as("field missing in the writer takes the reader default").isNull();
    assertThat(read.getClientIpPrefix()).isNull();
  }

  @Test
  void refusesARecordFromAnUnknownWriterSchemaNamingTheFingerprint() {
    Schema unknown = SchemaEdits.withoutFields(PlaybackEvent.getClassSchema(), "rendition");
    GenericRecord record = new GenericData.Record(unknown);
    PlaybackEvent template = EventsAccess.playing("s-x", 1).build();
    for (Schema.Field f : unknown.getFields()) {
      record.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(template, f.name())));
    }
    byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown), record);

    assertThatThrownBy(() -> serde.deserializer().deserialize("playback.events", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("playback.events")
        .hasMessageContaining(String.format("%016x", SchemaHistory.fingerprint(unknown)))
        .hasMessageContaining("not a released version");
  }

  @Test
  void refusesBytesThatAreNotSingleObjectEncoded() {
    assertThatThrownBy(() -> serde.decode("{\"json\": true}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not Avro single-object encoding");
  }

  @Test
  void refusesARecordOfAnotherTypeByItsFingerprint() {
    byte[] aggregateBytes = AvroSerde.of(QoeAggregate.class).encode(QoeAggregate.newBuilder()
        .setWindowStart(java.time.Instant.EPOCH).setWindowEnd(java.time.Instant.EPOCH.plusSeconds(60))
        .setDimension(io.ottplatform.schemas.avro.QoeDimension.GLOBAL).setDimensionValue("all")
        .setViewsStarted(1).setPlays(1).setConcurrentPlays(1).setViewsEnded(0)
        .setVideoStartFailureRate(0).setVideoPlaybackFailureRate(0).setExitBeforeVideoStartRate(0)
        .setRebufferingRatio(0).setFinal$(false).setUpdatedAt(java.time.Instant.EPOCH).build());

    assertThatThrownBy(() -> serde.decode(aggregateBytes)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("PlaybackEvent");
  }

  @Test
  void passesTombstonesThrough() {
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
    assertThat(serde.serializer().serialize("t", null)).isNull();
  }

  @Test
  void anUnknownEnumSymbolFromANewerWriterReadsAsUnknown() {
    String json = PlaybackEvent.getClassSchema().toString().replace("\"VIEW_END\"]", "\"VIEW_END\",\"AD_BREAK_START\"]");
    Schema newer = new Schema.Parser().parse(json);
    GenericRecord record = new GenericData.Record(newer);
    PlaybackEvent template = EventsAccess.playing("s-new", 2).build();
    for (Schema.Field f : newer.getFields()) {
      record.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(template, f.name())));
    }
    record.put("event_type", new GenericData.EnumSymbol(newer.getField("event_type").schema(), "AD_BREAK_START"));
    byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer), record);

    PlaybackEvent read = AvroSerde.withWriterSchemas(PlaybackEvent.class, newer).decode(bytes);

    assertThat(read.getEventType()).isEqualTo(EventType.UNKNOWN);
  }

  private static Object toGeneric(PlaybackEvent event, String field) {
    // Go through the specific record's own generic view (logical types become their raw longs).
    Object value = event.get(field);
    if (value instanceof java.time.Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof Enum<?> e) {
      return new GenericData.EnumSymbol(PlaybackEvent.getClassSchema().getField(field).schema(), e.name());
    }
    if (value instanceof org.apache.avro.specific.SpecificRecord nested) {
      GenericRecord copy = new GenericData.Record(nested.getSchema());
      for (Schema.Field f : nested.getSchema().getFields()) {
        copy.put(f.name(), nested.get(f.pos()));
      }
      return copy;
    }
    return value;
  }

  private static byte[] toBytes(BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
