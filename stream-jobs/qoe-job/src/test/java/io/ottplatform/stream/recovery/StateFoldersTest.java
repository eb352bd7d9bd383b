package io.ottplatform.stream.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checkpoint or savepoint a restarted job resumes from, and what is cleaned up. */
class StateFoldersTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path state;
  private StateFolders folders;

  @BeforeEach
  void setUp() {
    folders = new StateFolders(state.resolve("checkpoints"), state.resolve("savepoints"));
  }

  @Test
  void theNewestCompletedCheckpointWinsAndOneCutShortByACrashIsIgnored() throws IOException {
    run("run-a");
    checkpoint("run-a", 3, 10);
    checkpoint("run-a", 4, 20);
    Files.createDirectories(state.resolve("checkpoints/run-a/chk-5")); // no _metadata: the crash came first

    assertThat(folders.newest()).map(RestorePoint::folder).contains(state.resolve("checkpoints/run-a/chk-4"));
  }

  @Test
  void aSavepointNewerThanTheLatestCheckpointWinsAndAnOlderOneDoesNot() throws IOException {
    run("run-a");
    checkpoint("run-a", 4, 20);
    savepoint("savepoint-1", 30);
    assertThat(folders.newest()).map(RestorePoint::kind).contains(RestorePoint.Kind.SAVEPOINT);

    run("run-b");
    checkpoint("run-b", 5, 40);
    assertThat(folders.newest()).map(RestorePoint::folder).contains(state.resolve("checkpoints/run-b/chk-5"));
  }

  @Test
  void foldersOfOtherJobsAreNeitherRestoredNorRemoved() throws IOException {
    checkpoint("a-benchmark-run", 9, 50); // not marked as a QoeJobMain run
    run("run-a");
    checkpoint("run-a", 2, 10);

    assertThat(folders.newest()).map(RestorePoint::folder).contains(state.resolve("checkpoints/run-a/chk-2"));
    folders.removeSuperseded(folders.newest(), 3);
    assertThat(state.resolve("checkpoints/a-benchmark-run/chk-9")).exists();
  }

  @Test
  void olderRunsAndOldSavepointsAreRemovedButNeverTheRestorePoint() throws IOException {
    run("run-a");
    checkpoint("run-a", 4, 10);
    savepoint("savepoint-1", 15);
    savepoint("savepoint-2", 16);
    run("run-b");
    checkpoint("run-b", 5, 20);
    run("run-c"); // crashed before its first checkpoint

    Optional<RestorePoint> newest = folders.newest();
    folders.removeSuperseded(newest, 1);

    assertThat(state.resolve("checkpoints/run-a")).doesNotExist();
    assertThat(state.resolve("checkpoints/run-c")).doesNotExist();
    assertThat(state.resolve("checkpoints/run-b/chk-5")).exists();
    assertThat(state.resolve("savepoints/savepoint-1")).doesNotExist();
    assertThat(state.resolve("savepoints/savepoint-2")).exists();
    assertThat(folders.newest()).isEqualTo(newest);
  }

  @Test
  void withNothingToResumeFromNothingIsRemoved() throws IOException {
    run("run-a");
    Files.createDirectories(state.resolve("checkpoints/run-a/chk-1"));
    folders.removeSuperseded(folders.newest(), 1);
    assertThat(state.resolve("checkpoints/run-a/chk-1")).exists();
  }

  @Test
  void aFreshStartMovesEverythingAsideSoNoLaterStartResumesFromIt() throws IOException {
    run("run-a");
    checkpoint("run-a", 4, 10);
    savepoint("savepoint-1", 15);

    Optional<Path> aside = folders.moveAsideForFreshStart(T0);

    assertThat(aside).contains(state.resolve("discarded-20261201-100000"));
    assertThat(aside.get().resolve("checkpoints/run-a/chk-4/_metadata")).exists();
    assertThat(aside.get().resolve("savepoints/savepoint-1/_metadata")).exists();
    assertThat(folders.newest()).isEmpty();
    assertThat(folders.moveAsideForFreshStart(T0)).isEmpty();
  }

  private void run(String jobId) {
    folders.markRun(jobId, "test");
  }

  private void checkpoint(String run, int n, int secondsAfterT0) throws IOException {
    metadata(state.resolve("checkpoints").resolve(run).resolve("chk-" + n), secondsAfterT0);
  }

  private void savepoint(String name, int secondsAfterT0) throws IOException {
    metadata(state.resolve("savepoints").resolve(name), secondsAfterT0);
  }

  private static void metadata(Path folder, int secondsAfterT0) throws IOException {
    Files.createDirectories(folder);
    Path m = Files.writeString(folder.resolve(RestorePoint.METADATA), "state");
    Files.setLastModifiedTime(m, FileTime.from(T0.plusSeconds(secondsAfterT0)));
  }
}
