package io.ottplatform.local;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The two tables of Iceberg's JDBC catalog (schema version V1). Spark's Iceberg catalog creates them
 * on first use but Trino does not, so the platform creates them before Trino reads the lake.
 */
public final class IcebergCatalogTables {

  static final String TABLES = "CREATE TABLE IF NOT EXISTS iceberg_tables ("
      + "catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL, "
      + "metadata_location VARCHAR(1000), previous_metadata_location VARCHAR(1000), iceberg_type VARCHAR(5), "
      + "PRIMARY KEY (catalog_name, table_namespace, table_name))";
  static final String NAMESPACE_PROPERTIES = "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties ("
      + "catalog_name VARCHAR(255) NOT NULL, namespace VARCHAR(255) NOT NULL, property_key VARCHAR(255), "
      + "property_value VARCHAR(1000), PRIMARY KEY (catalog_name, namespace, property_key))";

  private IcebergCatalogTables() {}

  public static void ensure(Postgres postgres, String database) {
    try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
      s.execute(TABLES);
      s.execute(NAMESPACE_PROPERTIES);
    } catch (SQLException e) {
      throw new PlatformException("cannot create the Iceberg catalog tables in " + database + ": " + e.getMessage(), e);
    }
  }
}
