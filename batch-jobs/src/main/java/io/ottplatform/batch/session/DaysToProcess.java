package io.ottplatform.batch.session;

import io.ottplatform.batch.land.KafkaOffsets;
import java.time.LocalDate;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Which days a sessionize run recomputes: its target day, plus every day that received late events
 * since the raw snapshot the previous run read (its watermark). The late days are found from Iceberg
 * metadata alone: the partitions of the data files that landing snapshots added after the watermark.
 * A late event on day E can belong to a view that started the day before (a view across midnight),
 * so E-1 is recomputed too. Days after the target are included as well: a run for an earlier day
 * (a backfill) must not move the watermark past late events it did not recompute; a day recomputed
 * early is simply recomputed again, exactly, by its own run.
 */
public final class DaysToProcess {

  /** Summary key under which view_sessions commits record the raw snapshot they were computed from. */
  public static final String WATERMARK_KEY = "ott.sessionize.raw-snapshot-id";

  private DaysToProcess() {}

  public record Plan(long rawSnapshotId, SortedSet<LocalDate> days, SortedSet<LocalDate> lateDays) {}

  public static Plan plan(Table raw, Table viewSessions, LocalDate target, String topic) {
    raw.refresh();
    viewSessions.refresh();
    Snapshot current = raw.currentSnapshot();
    SortedSet<LocalDate> days = new TreeSet<>(Set.of(target));
    SortedSet<LocalDate> late = new TreeSet<>();
    if (current == null) {
      return new Plan(-1, days, late);
    }
    Long watermark = watermark(viewSessions);
    if (watermark != null && watermark != current.snapshotId()) {
      String landingKey = KafkaOffsets.summaryKey(topic);
      for (Snapshot s : SnapshotUtil.ancestorsBetween(raw, current.snapshotId(), watermark)) {
        if (!DataOperations.APPEND.equals(s.operation()) || !s.summary().containsKey(landingKey)) {
          continue; // compaction or erasure (they carry the offsets too): no new events
        }
        for (DataFile f : s.addedDataFiles(raw.io())) {
          LocalDate day = LocalDate.ofEpochDay(f.partition().get(0, Integer.class));
          late.add(day.minusDays(1));
          late.add(day);
        }
      }
    }
    late.remove(target);
    days.addAll(late);
    return new Plan(current.snapshotId(), days, late);
  }

  public static Long watermark(Table viewSessions) {
    Snapshot s = viewSessions.currentSnapshot();
    if (s == null) {
      return null;
    }
    for (Snapshot a : SnapshotUtil.ancestorsOf(s.snapshotId(), viewSessions::snapshot)) {
      String v = a.summary().get(WATERMARK_KEY);
      if (v != null) {
        return Long.parseLong(v);
      }
    }
    return null;
  }
}
