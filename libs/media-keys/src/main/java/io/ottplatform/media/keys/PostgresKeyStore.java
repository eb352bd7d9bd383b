package io.ottplatform.media.keys;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Keys in PostgreSQL ({@code media_content_keys}, created by {@link MediaPipelineMigrations}), wrapped as
 * {@link KeyWrapping} says, so the database never holds a usable key. Two workers creating the same title's keys
 * at once keep the first ({@code ON CONFLICT DO NOTHING}, then read back). A connection per call: a job asks for
 * its keys once.
 */
public final class PostgresKeyStore implements KeyStore {

  /** media-pipeline's TitleIds alphabet (ids become origin folder names there). */
  private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final MasterKey master;
  private final SecureRandom random;

  public PostgresKeyStore(String jdbcUrl, String user, String password, MasterKey master, SecureRandom random) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.master = master;
    this.random = random;
  }

  @Override
  public ContentKeys keysFor(String titleId) {
    Optional<ContentKeys> existing = find(titleId);
    if (existing.isPresent()) {
      return existing.get();
    }
    ContentKeys keys = ContentKeys.generate(random);
    try (Connection c = connect();
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO media_content_keys (title_id, kid, wrapped) VALUES (?, ?, ?) ON CONFLICT (title_id) DO NOTHING")) {
      insert.setString(1, titleId);
      insert.setBytes(2, keys.kid());
      insert.setBytes(3, KeyWrapping.wrap(master, titleId, keys));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the keys of title " + titleId + ": " + e.getMessage(), e);
    }
    return find(titleId).orElseThrow();
  }

  @Override
  public Optional<ContentKeys> find(String titleId) {
    if (titleId == null || !SAFE_ID.matcher(titleId).matches() || titleId.contains("..")) {
      throw new IllegalArgumentException("title id '" + titleId + "' must be 1-128 characters of A-Z a-z 0-9 . _ - "
          + "starting with a letter or digit");
    }
    try (Connection c = connect();
        PreparedStatement select = c.prepareStatement("SELECT kid, wrapped FROM media_content_keys WHERE title_id = ?")) {
      select.setString(1, titleId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(KeyWrapping.unwrap(master, titleId, rs.getBytes(1), rs.getBytes(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the keys of title " + titleId + ": " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }
}
