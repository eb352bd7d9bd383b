package io.ottplatform.serving.accounts.db;

import io.ottplatform.serving.common.Rows;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class DeviceDao {

  private static final RowMapper<DeviceRow> MAPPER = (rs, ctx) -> new DeviceRow(
      rs.getString("account_id"), rs.getString("id"), rs.getString("name"),
      Rows.instant(rs, "created_at"), Rows.instant(rs, "last_seen_at"));

  private final Jdbi jdbi;

  public DeviceDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Registers (or touches) a device within the plan's limit, atomically: the account row is
   * locked so two concurrent logins cannot both take the last slot.
   *
   * @return false when the device is new and the account already has {@code maxDevices}
   */
  public boolean register(String accountId, String deviceId, String name, int maxDevices) {
    return jdbi.inTransaction(h -> {
      h.createQuery("SELECT id FROM accounts WHERE id = :a FOR UPDATE").bind("a", accountId).mapTo(String.class).one();
      int touched = h.createUpdate("UPDATE devices SET last_seen_at = now(), name = :n WHERE account_id = :a AND id = :d")
          .bind("a", accountId).bind("d", deviceId).bind("n", name).execute();
      if (touched == 1) {
        return true;
      }
      int count = h.createQuery("SELECT count(*) FROM devices WHERE account_id = :a")
          .bind("a", accountId).mapTo(Integer.class).one();
      if (count >= maxDevices) {
        return false;
      }
      h.createUpdate("INSERT INTO devices (account_id, id, name) VALUES (:a, :d, :n)")
          .bind("a", accountId).bind("d", deviceId).bind("n", name).execute();
      return true;
    });
  }

  public List<DeviceRow> list(String accountId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM devices WHERE account_id = :a ORDER BY created_at")
        .bind("a", accountId).map(MAPPER).list());
  }

  public boolean exists(String accountId, String deviceId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM devices WHERE account_id = :a AND id = :d")
        .bind("a", accountId).bind("d", deviceId).mapTo(Integer.class).one() == 1);
  }

  /** Removes the device and revokes every login made from it. */
  public boolean remove(String accountId, String deviceId) {
    return jdbi.inTransaction(h -> {
      revokeFamilies(h, accountId, deviceId);
      return h.createUpdate("DELETE FROM devices WHERE account_id = :a AND id = :d")
          .bind("a", accountId).bind("d", deviceId).execute() == 1;
    });
  }

  private static void revokeFamilies(Handle h, String accountId, String deviceId) {
    h.createUpdate("""
            UPDATE token_families SET revoked_at = now(), revoked_reason = 'device_removed'
            WHERE account_id = :a AND device_id = :d AND revoked_at IS NULL""")
        .bind("a", accountId).bind("d", deviceId).execute();
  }
}
