package io.ottplatform.recommender.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the rec_* tables in a test database from serving-api's own migration (the changeset
 * {@code serving-api:5-recommendations} of serving-api/src/main/resources/migrations.sql), so the
 * tests write into exactly the schema serving reads, without depending on the serving-api artifact.
 */
public final class ServingSchema {

  static final Path MIGRATIONS = Path.of("..", "serving-api", "src", "main", "resources", "migrations.sql");
  static final String CHANGESET = "--changeset serving-api:5-recommendations";

  private ServingSchema() {}

  public static void create(Connection c) throws IOException, SQLException {
    String all = Files.readString(MIGRATIONS);
    int start = all.indexOf(CHANGESET);
    if (start < 0) {
      throw new IllegalStateException(MIGRATIONS.toAbsolutePath() + " has no " + CHANGESET);
    }
    int end = all.indexOf("--changeset", start + CHANGESET.length());
    String sql = all.substring(start, end < 0 ? all.length() : end);
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
