package io.ottplatform.batch.land;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Reads the Kafka offsets a table's commits carry. Landing snapshots record the offsets up to which
 * their data goes; other commits (compaction, erasure, MERGE) carry none or an older copy, so the
 * ledger is the per-partition maximum over the current snapshot's ancestry. Landing therefore needs
 * only the table itself to know where to resume: there is no second store that could disagree.
 */
public final class OffsetLedger {

  private OffsetLedger() {}

  public static KafkaOffsets committed(Table table, String topic) {
    return read(table, topic, true);
  }

  /** The recorded offsets, empty for a table whose commits record none (e.g. an analytics table). */
  public static KafkaOffsets recorded(Table table, String topic) {
    return read(table, topic, false);
  }

  private static KafkaOffsets read(Table table, String topic, boolean requireForData) {
    table.refresh();
    String key = KafkaOffsets.summaryKey(topic);
    KafkaOffsets offsets = KafkaOffsets.empty(topic);
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return offsets;
    }
    boolean found = false;
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      String value = s.summary().get(key);
      if (value != null) {
        offsets = offsets.max(KafkaOffsets.decode(topic, value));
        found = true;
      }
    }
    if (requireForData && !found && hasRecords(current)) {
      // re-reading from offset 0 would land every event again: refuse instead
      throw new IllegalStateException("table " + table.name() + " has data but no snapshot in its history records "
          + "Kafka offsets (" + key + "); were its landing snapshots expired? Refusing to re-land from the start.");
    }
    return offsets;
  }

  private static boolean hasRecords(Snapshot snapshot) {
    String total = snapshot.summary().get("total-records");
    return total != null && Long.parseLong(total) > 0;
  }
}
