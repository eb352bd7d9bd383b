package io.ottplatform.schemas.serde;

import io.ottplatform.schemas.SchemaHistory;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for contract records in Avro single-object encoding: {@code C3 01}, the writer schema's
 * 8-byte fingerprint, then the binary record. A reader therefore knows which schema wrote a record
 * without a schema-registry server, and resolves every released version to the current one.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep their buffers per thread.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type, Schema schema) {
    this.type = type;
    this.schema = schema;
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaHistory.storeFor(schema));
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, SpecificData.get().getSchema(type));
  }

  /** A serde whose decoder also knows {@code extraWriterSchemas} (e.g. versions not yet released). */
  public static <T extends SpecificRecord> AvroSerde<T> withWriterSchemas(Class<T> type, Schema... extraWriterSchemas) {
    AvroSerde<T> serde = of(type);
    for (Schema writer : extraWriterSchemas) {
      serde.decoder.addSchema(writer);
    }
    return serde;
  }

  public Schema schema() {
    return schema;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  public T decode(byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new SerializationException(String.format(
          "cannot decode %s: writer schema fingerprint %s is not a released version (%s)",
          type.getSimpleName(), fingerprintOf(bytes), e.getMessage()), e);
    } catch (BadHeaderException e) {
      throw new SerializationException("cannot decode " + type.getSimpleName()
          + ": not Avro single-object encoding (" + e.getMessage() + ")", e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static String fingerprintOf(byte[] bytes) {
    if (bytes == null || bytes.length < 10) {
      return "(none)";
    }
    long fp = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    return String.format("%016x", fp);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, data) -> data == null ? null : encode(data);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null; // tombstone on a compacted topic
      }
      try {
        return decode(data);
      } catch (SerializationException e) {
        throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
