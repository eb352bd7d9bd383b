package io.ottplatform.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LockedMigrationTest {

  @Test
  void lockKeyIsStableAndDiffersPerChangelog() {
    assertThat(LockedMigration.lockKey("db/qoe-job.changelog.sql"))
        .as("the same key in every JVM, or two processes would not exclude each other")
        .isEqualTo(LockedMigration.lockKey("db/qoe-job.changelog.sql"))
        .isNotEqualTo(LockedMigration.lockKey("db/media-pipeline.changelog.sql"));
  }

  @Test
  void prefixedTablesAreNamedForTheOwner() {
    LockedMigration m = LockedMigration.of("db/widgets.changelog.sql", LockedMigrationTest.class);
    assertThat(m.changelogTable()).isEqualTo("databasechangelog");
    assertThat(m.withTablePrefix("qoe_job").changelogTable()).isEqualTo("qoe_job_databasechangelog");
    assertThat(m.withTablePrefix("qoe_job").lockTable()).isEqualTo("qoe_job_databasechangeloglock");
  }

  @Test
  void badArgumentsAreNamed() {
    LockedMigration m = LockedMigration.of("db/widgets.changelog.sql", LockedMigrationTest.class);
    assertThatThrownBy(() -> m.withTablePrefix("Qoe-Job")).hasMessageContaining("'Qoe-Job'");
    assertThatThrownBy(() -> LockedMigration.of(" ", LockedMigrationTest.class)).hasMessageContaining("' '");
  }

  @Test
  void aChangelogMissingFromTheClasspathIsNamedBeforeAnyConnection() {
    LockedMigration m = LockedMigration.of("db/missing.changelog.sql", LockedMigrationTest.class);
    assertThatThrownBy(() -> m.apply("jdbc:postgresql://127.0.0.1:1/none", "nobody", ""))
        .hasMessageContaining("db/missing.changelog.sql");
  }
}
