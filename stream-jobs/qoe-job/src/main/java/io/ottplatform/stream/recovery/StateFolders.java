package io.ottplatform.stream.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The QoE job's checkpoint and savepoint folders on local disk, as Flink lays them out:
 * {@code <checkpoints>/<job-id>/chk-<n>/_metadata} (one job-id folder per run of the process) and
 * {@code <savepoints>/savepoint-<id>/_metadata}. Finds the newest completed restore point, removes what a newer
 * restore point has made useless, and moves everything aside for a fresh start.
 */
public final class StateFolders {

  /**
   * Marks a run folder as one of QoeJobMain's runs: only those are restored from or removed, so a benchmark or
   * test that points its own job at the same folder is never resumed by (or deleted under) the real job.
   */
  public static final String RUN_MARKER = "_qoe_job_run";

  private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
  private static final Comparator<RestorePoint> OLDEST_FIRST = Comparator.comparing(RestorePoint::completedAt)
      .thenComparing(p -> checkpointNumber(p.folder()));

  private final Path checkpoints;
  private final Path savepoints;

  public StateFolders(Path checkpoints, Path savepoints) {
    this.checkpoints = checkpoints;
    this.savepoints = savepoints;
  }

  public Path checkpoints() {
    return checkpoints;
  }

  public Path savepoints() {
    return savepoints;
  }

  /** Marks {@code jobId}'s folder as a run of this job (before its first checkpoint can complete). */
  public void markRun(String jobId, String description) {
    Path run = checkpoints.resolve(jobId);
    try {
      Files.createDirectories(run);
      Files.writeString(run.resolve(RUN_MARKER), description + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark the run folder " + run, e);
    }
  }

  /** Every completed checkpoint of every run, oldest first. */
  public List<RestorePoint> completedCheckpoints() {
    List<RestorePoint> out = new ArrayList<>();
    for (Path run : runs()) {
      for (Path chk : children(run)) {
        if (CHECKPOINT.matcher(chk.getFileName().toString()).matches()) {
          completed(chk, RestorePoint.Kind.CHECKPOINT).ifPresent(out::add);
        }
      }
    }
    out.sort(OLDEST_FIRST);
    return out;
  }

  /** Every completed savepoint, oldest first. */
  public List<RestorePoint> completedSavepoints() {
    List<RestorePoint> out = new ArrayList<>();
    for (Path sp : children(savepoints)) {
      if (sp.getFileName().toString().startsWith("savepoint-")) {
        completed(sp, RestorePoint.Kind.SAVEPOINT).ifPresent(out::add);
      }
    }
    out.sort(OLDEST_FIRST);
    return out;
  }

  /** The newest of the latest completed checkpoint and the latest savepoint: where a restarted job resumes. */
  public Optional<RestorePoint> newest() {
    List<RestorePoint> all = new ArrayList<>(completedCheckpoints());
    all.addAll(completedSavepoints());
    return all.stream().max(OLDEST_FIRST);
  }

  /**
   * Removes what can no longer be a restore point: every run folder of the checkpoint folder except the one holding
   * {@code keep} (older runs, and runs that crashed before their first checkpoint), and all but the newest
   * {@code savepointsRetained} savepoints ({@code keep} always stays). Each run starts from a full copy of its state
   * (Flink's NO_CLAIM restore), so a run's checkpoints never refer to an older run's files. Returns what was removed.
   */
  public List<Path> removeSuperseded(Optional<RestorePoint> keep, int savepointsRetained) {
    List<Path> removed = new ArrayList<>();
    Optional<Path> keepRun = keep.filter(p -> p.kind() == RestorePoint.Kind.CHECKPOINT)
        .map(p -> p.folder().getParent());
    for (Path run : runs()) {
      if (keepRun.map(k -> !k.equals(run)).orElse(true) && holdsNothingNewerThan(run, keep)) {
        deleteTree(run);
        removed.add(run);
      }
    }
    List<RestorePoint> sps = completedSavepoints();
    for (int i = 0; i < sps.size() - savepointsRetained; i++) {
      RestorePoint old = sps.get(i);
      if (keep.map(k -> !k.folder().equals(old.folder())).orElse(true)) {
        deleteTree(old.folder());
        removed.add(old.folder());
      }
    }
    return removed;
  }

  /** A run folder may go when nothing in it is newer than the restore point kept (or there is none). */
  private boolean holdsNothingNewerThan(Path run, Optional<RestorePoint> keep) {
    if (keep.isEmpty()) {
      return false; // nothing to resume from: keep whatever is there for a human to look at
    }
    Instant keptAt = keep.get().completedAt();
    for (Path chk : children(run)) {
      Optional<RestorePoint> p = completed(chk, RestorePoint.Kind.CHECKPOINT);
      if (p.isPresent() && p.get().completedAt().isAfter(keptAt)) {
        return false;
      }
    }
    return true;
  }

  /**
   * For {@code --fresh}: moves every checkpoint run and savepoint into {@code discarded-<time>} beside the
   * checkpoint folder, so no later start resumes from them, and returns that folder (empty when there was nothing).
   */
  public Optional<Path> moveAsideForFreshStart(Instant now) {
    List<Path> runs = runs();
    List<Path> sps = children(savepoints);
    if (runs.isEmpty() && sps.isEmpty()) {
      return Optional.empty();
    }
    Path aside = checkpoints.toAbsolutePath().getParent().resolve("discarded-"
        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now));
    try {
      Files.createDirectories(aside.resolve("checkpoints"));
      Files.createDirectories(aside.resolve("savepoints"));
      for (Path run : runs) {
        Files.move(run, aside.resolve("checkpoints").resolve(run.getFileName()));
      }
      for (Path sp : sps) {
        Files.move(sp, aside.resolve("savepoints").resolve(sp.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the old state aside to " + aside, e);
    }
    return Optional.of(aside);
  }

  private List<Path> runs() {
    return children(checkpoints).stream().filter(run -> Files.isRegularFile(run.resolve(RUN_MARKER))).toList();
  }

  private static Optional<RestorePoint> completed(Path folder, RestorePoint.Kind kind) {
    Path metadata = folder.resolve(RestorePoint.METADATA);
    try {
      if (!Files.isRegularFile(metadata) || Files.size(metadata) == 0) {
        return Optional.empty();
      }
      FileTime at = Files.getLastModifiedTime(metadata);
      return Optional.of(new RestorePoint(folder.toAbsolutePath(), kind, at.toInstant()));
    } catch (IOException e) {
      return Optional.empty(); // removed while we looked: not a restore point
    }
  }

  private static long checkpointNumber(Path folder) {
    Matcher m = CHECKPOINT.matcher(folder.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(Path::toAbsolutePath).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root, e);
    }
  }
}
