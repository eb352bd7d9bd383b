package io.ottplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.testsupport.TrinoServerExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrinoServerIT {

  @RegisterExtension static final PostgresDatabaseExtension CATALOG_DB = new PostgresDatabaseExtension();
  @RegisterExtension static final TrinoServerExtension TRINO = new TrinoServerExtension(CATALOG_DB);

  @Test
  void answersSelectOneThroughTheJdbcDriver() throws Exception {
    try (Connection c = TRINO.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void writesAndReadsAnIcebergTableInTheLakeCatalogBackedByPostgres() throws Exception {
    try (Connection c = TRINO.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA lake.smoke WITH (location = '" + TRINO.warehouse().toUri() + "smoke')");
      s.execute("CREATE TABLE lake.smoke.t (id bigint, name varchar) WITH (format_version = 2)");
      s.execute("INSERT INTO lake.smoke.t VALUES (1, 'one'), (2, 'two')");
      try (ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM lake.smoke.t")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2);
        assertThat(rs.getLong(2)).isEqualTo(3);
      }
    }
    // the table is registered in Iceberg's JDBC catalog tables in PostgreSQL, under catalog name "lake"
    try (Connection pg = CATALOG_DB.connect(); Statement s = pg.createStatement();
        ResultSet rs = s.executeQuery("SELECT catalog_name, table_namespace, table_name FROM iceberg_tables")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("lake");
      assertThat(rs.getString(2)).isEqualTo("smoke");
      assertThat(rs.getString(3)).isEqualTo("t");
    }
  }
}
