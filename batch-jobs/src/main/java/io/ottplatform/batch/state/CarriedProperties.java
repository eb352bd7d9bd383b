package io.ottplatform.batch.state;

import io.ottplatform.batch.land.KafkaOffsets;
import io.ottplatform.batch.land.OffsetLedger;
import io.ottplatform.batch.session.DaysToProcess;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * The job state that lives in snapshot summaries (landing offsets, the sessionize watermark), to be
 * copied into the summary of any other commit on the table: compaction and erasure then expire old
 * snapshots without losing where landing resumes or which raw snapshot view_sessions reflects.
 * Assumes the scheduler does not run landing concurrently with maintenance or erasure on the raw table.
 */
public final class CarriedProperties {

  private CarriedProperties() {}

  public static Map<String, String> of(Table table, String topic) {
    Map<String, String> props = new HashMap<>();
    KafkaOffsets offsets = OffsetLedger.recorded(table, topic);
    if (!offsets.isEmpty()) {
      props.put(KafkaOffsets.summaryKey(topic), offsets.encode());
    }
    Long watermark = DaysToProcess.watermark(table);
    if (watermark != null) {
      props.put(DaysToProcess.WATERMARK_KEY, watermark.toString());
    }
    return props;
  }
}
