package io.ottplatform.schemas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;

/** Builds deliberately changed versions of contract schemas for evolution tests. */
public final class SchemaEdits {

  private SchemaEdits() {}

  public static Schema withoutFields(Schema schema, String... fields) {
    Schema copy = new Schema.Parser().parse(schema.toString());
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field f : copy.getFields()) {
      if (!Arrays.asList(fields).contains(f.name())) {
        kept.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord(copy.getName(), copy.getDoc(), copy.getNamespace(), false, kept);
  }
}
