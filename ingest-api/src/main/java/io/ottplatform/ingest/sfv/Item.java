package io.ottplatform.ingest.sfv;

import java.util.Map;

/**
 * An RFC 8941 Item (section 3.3) with its Parameters. The bare value is a {@code Long} (Integer), a
 * {@code java.math.BigDecimal} (Decimal), a {@code String}, a {@link Token}, a {@code byte[]} (Byte Sequence) or a
 * {@code Boolean}.
 */
public record Item(Object value, Map<String, Object> parameters) implements Member {

  public Item {
    parameters = Map.copyOf(parameters);
  }

  public static Item of(Object value) {
    return new Item(value, Map.of());
  }
}
