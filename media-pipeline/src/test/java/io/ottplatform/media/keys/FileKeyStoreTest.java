package io.ottplatform.media.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyStoreTest {

  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();

  @Test
  void keysAreCreatedOnceAndRestOnlyWrapped() throws Exception {
    MasterKey master = MasterKey.fromConfig("", dir.resolve("master.key"), random);
    FileKeyStore store = new FileKeyStore(dir.resolve("keys"), master, random);
    ContentKeys keys = store.keysFor("title-1");
    assertThat(store.keysFor("title-1")).as("a re-encode keeps the title's keys").isEqualTo(keys);
    assertThat(store.find("title-2")).isEmpty();
    String file = Files.readString(dir.resolve("keys/title-1.key"));
    assertThat(file).contains("kid=" + keys.kidHex()).doesNotContain(keys.cencKeyHex());
    assertThat(Files.getPosixFilePermissions(dir.resolve("master.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void anotherMasterKeyCannotOpenThem() {
    new FileKeyStore(dir, MasterKey.fromConfig("", dir.resolve("a.key"), random), random).keysFor("t");
    FileKeyStore other = new FileKeyStore(dir, MasterKey.fromConfig("", dir.resolve("b.key"), random), random);
    assertThatThrownBy(() -> other.find("t")).hasMessageContaining("does not open under this master key");
  }

  @Test
  void aWrappedKeyMovedToAnotherTitleDoesNotOpen() throws Exception {
    MasterKey master = MasterKey.fromConfig("", dir.resolve("m.key"), random);
    FileKeyStore store = new FileKeyStore(dir, master, random);
    store.keysFor("a");
    Files.copy(dir.resolve("a.key"), dir.resolve("b.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> store.find("b")).hasMessageContaining("does not open");
  }

  @Test
  void aMasterKeyThatIsNot32BytesIsRefused() {
    assertThatThrownBy(() -> MasterKey.fromConfig("AAAA", dir.resolve("x"), random))
        .hasMessageContaining("must be 32 bytes");
  }
}
