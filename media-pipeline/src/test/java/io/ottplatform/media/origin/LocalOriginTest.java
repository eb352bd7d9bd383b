package io.ottplatform.media.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOriginTest {

  @TempDir Path root;

  private Path staged(LocalOrigin origin, String job, String content) throws Exception {
    Path s = origin.stage("t1", job);
    Files.writeString(s.resolve("master.m3u8"), content);
    return s;
  }

  @Test
  void publishSwitchesTheTitleToTheNewVersionInOneStep() throws Exception {
    LocalOrigin origin = new LocalOrigin(root);
    origin.publish("t1", "job-1", staged(origin, "job-1", "v1"));
    assertThat(Files.readString(root.resolve("t1/master.m3u8"))).isEqualTo("v1");
    assertThat(origin.publishedJob("t1")).contains("job-1");

    Path v2 = staged(origin, "job-2", "v2");
    assertThat(Files.readString(root.resolve("t1/master.m3u8"))).as("staged is not served").isEqualTo("v1");
    origin.publish("t1", "job-2", v2);
    assertThat(Files.readString(root.resolve("t1/master.m3u8"))).isEqualTo("v2");
    assertThat(Files.isSymbolicLink(root.resolve("t1"))).isTrue();

    origin.publish("t1", "job-3", staged(origin, "job-3", "v3"));
    assertThat(root.resolve(".versions/t1/job-2")).as("the previous version stays for players in it").exists();
    assertThat(root.resolve(".versions/t1/job-1")).as("older ones go").doesNotExist();
    assertThat(root.resolve(".staging")).isEmptyDirectory();
  }

  @Test
  void theSameJobPublishedTwiceKeepsTheFirst() throws Exception {
    LocalOrigin origin = new LocalOrigin(root);
    origin.publish("t1", "job-1", staged(origin, "job-1", "first"));
    Path second = staged(origin, "job-1", "second");
    origin.publish("t1", "job-1", second);
    assertThat(Files.readString(root.resolve("t1/master.m3u8"))).isEqualTo("first");
    assertThat(second).doesNotExist();
  }

  @Test
  void aDiscardedStagingLeavesTheServedVersionAlone() throws Exception {
    LocalOrigin origin = new LocalOrigin(root);
    origin.publish("t1", "job-1", staged(origin, "job-1", "v1"));
    Path half = staged(origin, "job-2", "half");
    origin.discard(half);
    assertThat(Files.readString(root.resolve("t1/master.m3u8"))).isEqualTo("v1");
    assertThat(half).doesNotExist();
  }

  @Test
  void aNewAttemptGetsItsOwnFolderAndRemovesTheKilledOnesFolder() throws Exception {
    LocalOrigin origin = new LocalOrigin(root);
    Path killed = staged(origin, "job-1", "orphan output");
    Path retry = origin.stage("t1", "job-1");
    assertThat(retry).isNotEqualTo(killed);
    assertThat(killed).as("an orphaned FFmpeg fails instead of writing into the retry's folder").doesNotExist();
  }

  @Test
  void aHandPackagedFolderIsMovedAsideOnce() throws Exception {
    Files.createDirectories(root.resolve("t1"));
    Files.writeString(root.resolve("t1/master.m3u8"), "by hand");
    LocalOrigin origin = new LocalOrigin(root);
    origin.publish("t1", "job-1", staged(origin, "job-1", "v1"));
    assertThat(Files.readString(root.resolve("t1/master.m3u8"))).isEqualTo("v1");
  }

  @Test
  void idsThatCouldClimbOutOfTheOriginAreRefused() {
    LocalOrigin origin = new LocalOrigin(root);
    assertThatThrownBy(() -> origin.stage("../etc", "j")).hasMessageContaining("'../etc'");
    assertThatThrownBy(() -> origin.stage("t", "a/b")).hasMessageContaining("'a/b'");
  }
}
