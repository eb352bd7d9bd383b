package io.ottplatform.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * The released versions of each contract record, kept as resources under
 * {@code io/ottplatform/schemas/history/<RecordName>/v<N>.avsc}.
 *
 * <p>Releasing a schema change means copying the new {@code .avsc} into the next {@code vN} file; the
 * evolution test refuses a current schema that is not released or that breaks compatibility with any
 * released version. Readers resolve old records through {@link #storeFor(Schema)}.
 */
public final class SchemaHistory {

  private static final String ROOT = "io/ottplatform/schemas/history/";

  private SchemaHistory() {}

  /** All released versions of the record, oldest first; empty if it was never released. */
  public static List<Schema> releasedVersions(String recordName) {
    List<Schema> versions = new ArrayList<>();
    for (int v = 1; ; v++) {
      String path = ROOT + recordName + "/v" + v + ".avsc";
      try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read released schema " + path, e);
      }
    }
  }

  /** A schema store that knows every released version of {@code current}'s record, and current itself. */
  public static SchemaStore.Cache storeFor(Schema current) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    releasedVersions(current.getName()).forEach(store::addSchema);
    store.addSchema(current);
    return store;
  }

  /** The 64-bit CRC fingerprint that Avro single-object encoding writes in front of every record. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }
}
