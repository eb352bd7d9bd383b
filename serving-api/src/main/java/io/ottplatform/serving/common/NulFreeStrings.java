package io.ottplatform.serving.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Every string of every JSON body is refused at the boundary when it holds a NUL ({@code \u0000}): PostgreSQL's text
 * cannot store one, so a NUL in a device name or a grant's profile id reached the database and came back as a 500
 * (EveryEndpointFuzzIT). Jackson's refusal becomes a 400 naming the field, the way every malformed body does.
 */
public final class NulFreeStrings extends StdScalarDeserializer<String> {

  public NulFreeStrings() {
    super(String.class);
  }

  /** The module that puts this deserializer in place of Jackson's own for {@code String}. */
  public static SimpleModule module() {
    return new SimpleModule("nul-free-strings").addDeserializer(String.class, new NulFreeStrings());
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String value = StringDeserializer.instance.deserialize(p, ctxt);
    int nul = value == null ? -1 : value.indexOf('\0');
    if (nul >= 0) {
      return (String) ctxt.handleWeirdStringValue(String.class, value,
          "a NUL character (\\u0000) at position %d; text fields cannot hold one", nul);
    }
    return value;
  }
}
