package io.ottplatform.stream.connectors;

import static io.ottplatform.schemas.avro.EventType.PLAYING;
import static io.ottplatform.schemas.avro.EventType.VIEW_START;
import static io.ottplatform.stream.Events.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.serde.AvroSerde;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SingleObjectDecoderTest {

  private final AvroSerde<PlaybackEvent> serde = AvroSerde.of(PlaybackEvent.class);
  private final SingleObjectDecoder<PlaybackEvent> decoder = new SingleObjectDecoder<>(PlaybackEvent.class);

  @Test
  void decodesWhatTheContractSerdeEncodesRecordAfterRecord() {
    List<PlaybackEvent> events = view("s").cdn("cdn-a").at(0, VIEW_START).at(1_500, PLAYING).events();
    for (PlaybackEvent e : events) {
      assertThat(decoder.decode(serde.encode(e))).isEqualTo(e).isEqualTo(serde.decode(serde.encode(e)));
    }
  }

  @Test
  void refusesBytesThatAreNotSingleObjectEncodingAndUnknownWriterSchemas() {
    byte[] bytes = serde.encode(view("s").at(0, VIEW_START).events().get(0));
    assertThatThrownBy(() -> decoder.decode(Arrays.copyOfRange(bytes, 1, bytes.length)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not Avro single-object encoding");

    byte[] unknown = bytes.clone();
    unknown[2] ^= 0x5A;
    assertThatThrownBy(() -> decoder.decode(unknown))
        .isInstanceOf(SerializationException.class).hasMessageContaining("is not a released version");

    byte[] truncated = Arrays.copyOf(bytes, 14);
    assertThatThrownBy(() -> decoder.decode(truncated)).isInstanceOf(SerializationException.class);
  }
}
