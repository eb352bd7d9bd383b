package io.ottplatform.serving.playback.db;

import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.catalog.db.MediaAssetRow;
import io.ottplatform.serving.catalog.db.TitleDao;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.common.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The facts of a playback decision in as few round trips as possible: playback authorization is the
 * hottest path after browse. Everything about the viewer (profile, plan, device, resume position)
 * comes fresh in one query per grant; the title with its media asset is read here but cached by
 * {@code core/PlayableTitles}, since it changes only when an editor edits it.
 */
public final class PlaybackFactsDao {

  /**
   * The caller's profile (only if it is theirs), their plan, whether their device is registered, and
   * the profile's watch progress on the title, if any.
   */
  public record Viewer(ProfileRow profile, String plan, boolean deviceRegistered, Optional<Progress> progress) {}

  /** Where the profile stopped watching the title. */
  public record Progress(long positionMs, Long durationMs) {}

  /** A title and its packaged media, if any. */
  public record Playable(TitleRow title, Optional<MediaAssetRow> media) {}

  private final Jdbi jdbi;

  public PlaybackFactsDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Plain JDBC on the handle's connection: this runs once per grant, and JDBI's statement machinery
   * (configuration copies, customizers, SQL logging, result iterators) cost about as much client CPU
   * as executing the query (async-profiler).
   */
  public Optional<Viewer> viewer(String accountId, String profileId, String deviceId, String titleId) {
    return jdbi.withHandle(h -> {
      try (PreparedStatement ps = h.getConnection().prepareStatement(VIEWER_SQL)) {
        ps.setString(1, deviceId);
        ps.setString(2, titleId);
        ps.setString(3, profileId);
        ps.setString(4, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Viewer>empty();
          }
          Long position = Rows.longOrNull(rs, "position_ms");
          Optional<Progress> progress = position == null ? Optional.empty()
              : Optional.of(new Progress(position, Rows.longOrNull(rs, "duration_ms")));
          return Optional.of(new Viewer(new ProfileRow(rs.getString("id"), rs.getString("account_id"), rs.getString("name"),
              rs.getBoolean("kids"), rs.getInt("maturity_ceiling")), rs.getString("plan"),
              rs.getBoolean("device_registered"), progress));
        }
      } catch (SQLException e) {
        throw new IllegalStateException("the viewer facts query failed for profile " + profileId + ": " + e.getMessage(), e);
      }
    });
  }

  private static final String VIEWER_SQL = """
      SELECT p.id, p.account_id, p.name, p.kids, p.maturity_ceiling, a.plan,
        EXISTS (SELECT 1 FROM devices d WHERE d.account_id = a.id AND d.id = ?) AS device_registered,
        w.position_ms, w.duration_ms
      FROM profiles p JOIN accounts a ON a.id = p.account_id
        LEFT JOIN watch_progress w ON w.profile_id = p.id AND w.title_id = ?
      WHERE p.id = ? AND p.account_id = ?""";

  public Optional<Playable> playable(String titleId) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT t.*, m.media_path, m.key_id, m.content_key
            FROM titles t LEFT JOIN media_assets m ON m.title_id = t.id WHERE t.id = :id""")
        .bind("id", titleId)
        .map((rs, ctx) -> {
          String path = rs.getString("media_path");
          Optional<MediaAssetRow> media = path == null ? Optional.empty()
              : Optional.of(new MediaAssetRow(titleId, path, rs.getBytes("key_id"), rs.getBytes("content_key")));
          return new Playable(TitleDao.MAPPER.map(rs, ctx), media);
        })
        .findOne());
  }
}
