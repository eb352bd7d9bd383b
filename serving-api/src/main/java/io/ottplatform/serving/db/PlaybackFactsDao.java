package io.ottplatform.serving.db;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The facts of a playback decision in as few round trips as possible: playback authorization is the
 * hottest write-free path after browse, so profile, plan and device come in one query and the title
 * with its media asset in another.
 */
public final class PlaybackFactsDao {

  /** The caller's profile (only if it is theirs), their plan and whether their device is registered. */
  public record Viewer(ProfileRow profile, String plan, boolean deviceRegistered) {}

  /** A title and its packaged media, if any. */
  public record Playable(TitleRow title, Optional<MediaAssetRow> media) {}

  private final Jdbi jdbi;

  public PlaybackFactsDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Viewer> viewer(String accountId, String profileId, String deviceId) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT p.id, p.account_id, p.name, p.kids, p.maturity_ceiling, a.plan,
              EXISTS (SELECT 1 FROM devices d WHERE d.account_id = a.id AND d.id = :device) AS device_registered
            FROM profiles p JOIN accounts a ON a.id = p.account_id
            WHERE p.id = :profile AND p.account_id = :account""")
        .bind("account", accountId).bind("profile", profileId).bind("device", deviceId)
        .map((rs, ctx) -> new Viewer(new ProfileRow(rs.getString("id"), rs.getString("account_id"), rs.getString("name"),
            rs.getBoolean("kids"), rs.getInt("maturity_ceiling")), rs.getString("plan"), rs.getBoolean("device_registered")))
        .findOne());
  }

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
