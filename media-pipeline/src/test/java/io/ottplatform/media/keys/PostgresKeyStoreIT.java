package io.ottplatform.media.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL key store on the machine's PostgreSQL, with media-pipeline's own migrations. */
class PostgresKeyStoreIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @TempDir static Path dir;
  static PostgresKeyStore store;

  @BeforeAll
  static void migrate() {
    MediaPipelineMigrations.migrate(DB.jdbcUrl(), DB.user(), DB.password());
    MediaPipelineMigrations.migrate(DB.jdbcUrl(), DB.user(), DB.password()); // a second start changes nothing
    SecureRandom random = new SecureRandom();
    store = new PostgresKeyStore(DB.jdbcUrl(), DB.user(), DB.password(),
        MasterKey.fromConfig("", dir.resolve("master.key"), random), random);
  }

  @Test
  void keysAreCreatedOnceAndTheDatabaseHoldsThemOnlyWrapped() throws Exception {
    ContentKeys keys = store.keysFor("pg-title");
    assertThat(store.keysFor("pg-title")).isEqualTo(keys);
    assertThat(store.find("other")).isEmpty();
    try (Connection c = DB.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT kid, wrapped FROM media_content_keys WHERE title_id = 'pg-title'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBytes(1)).isEqualTo(keys.kid());
      String wrapped = HexFormat.of().formatHex(rs.getBytes(2));
      assertThat(wrapped).doesNotContain(keys.cencKeyHex()).doesNotContain(HexFormat.of().formatHex(keys.hlsKey()));
    }
  }
}
