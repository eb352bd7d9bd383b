package io.ottplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.local.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresDatabaseExtensionIT {

  @Test
  void createsAFreshUsableDatabaseAndDropsItAfterwards() throws Exception {
    PostgresDatabaseExtension extension = new PostgresDatabaseExtension();
    Postgres postgres = Postgres.local();

    String database = extension.create("PostgresDatabaseExtensionIT");
    assertThat(database).startsWith("t_postgresdatabaseextensionit_");
    try (Connection c = extension.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE probe (id int)");
      s.execute("INSERT INTO probe VALUES (42)");
      try (ResultSet rs = s.executeQuery("SELECT id FROM probe")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
    assertThat(postgres.databaseExists(database)).isTrue();

    extension.drop();

    assertThat(postgres.databaseExists(database)).as("database dropped after the class").isFalse();
  }
}
