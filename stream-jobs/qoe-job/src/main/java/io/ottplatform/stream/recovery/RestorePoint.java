package io.ottplatform.stream.recovery;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A completed checkpoint or savepoint on disk: a folder holding Flink's {@code _metadata} file, which Flink
 * writes last, so a folder without it (a checkpoint cut short by a crash) is never a restore point.
 *
 * @param folder the {@code chk-N} or {@code savepoint-...} folder ({@code execution.state-recovery.path})
 * @param kind checkpoint or savepoint
 * @param completedAt when its {@code _metadata} was written: the newest restore point wins
 */
public record RestorePoint(Path folder, Kind kind, Instant completedAt) {

  public enum Kind { CHECKPOINT, SAVEPOINT }

  /** The metadata file that marks a checkpoint or savepoint folder as complete. */
  public static final String METADATA = "_metadata";

  /** The URI Flink's {@code execution.state-recovery.path} takes. */
  public String uri() {
    return folder.toUri().toString();
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + folder + " (completed " + completedAt + ")";
  }
}
