package io.ottplatform.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks a candidate schema against every released version, both ways: the candidate must read what
 * old writers wrote (backward) and old readers must read what the candidate writes (forward). Player
 * SDKs, Flink, Spark and the lake all upgrade at different times, so the contract needs both ("full
 * transitive" in schema-registry terms).
 */
public final class SchemaCompatibilityGuard {

  private SchemaCompatibilityGuard() {}

  /** Every incompatibility found, as messages naming the record, the version, the direction and the field; empty if none. */
  public static List<String> problems(Schema candidate, List<Schema> released) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < released.size(); i++) {
      Schema old = released.get(i);
      String version = "v" + (i + 1);
      describe(candidate.getFullName(), version, "backward (new reader, old data)",
          SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), problems);
      describe(candidate.getFullName(), version, "forward (old reader, new data)",
          SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), problems);
    }
    return problems;
  }

  private static void describe(
      String record, String version, String direction, SchemaPairCompatibility result, List<String> out) {
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      out.add(String.format("%s is not %s compatible with released %s: %s at %s (%s)",
          record, direction, version, incompatibility.getType(), incompatibility.getLocation(),
          incompatibility.getMessage()));
    }
  }
}
