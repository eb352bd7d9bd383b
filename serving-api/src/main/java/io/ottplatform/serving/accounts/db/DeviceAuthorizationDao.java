package io.ottplatform.serving.accounts.db;

import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Pending device authorizations (RFC 8628); device codes are stored only as SHA-256 hashes. */
public final class DeviceAuthorizationDao {

  private static final RowMapper<DeviceAuthorizationRow> MAPPER = (rs, ctx) -> new DeviceAuthorizationRow(
      rs.getString("user_code"), rs.getString("device_id"), rs.getString("device_name"),
      Rows.instant(rs, "expires_at"), rs.getInt("interval_seconds"), Rows.instant(rs, "last_polled_at"),
      rs.getString("account_id"), Rows.instant(rs, "approved_at"), Rows.instant(rs, "consumed_at"));

  private final Jdbi jdbi;

  public DeviceAuthorizationDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** @return false if the user code collided (the caller draws another) */
  public boolean insert(byte[] deviceCodeHash, String userCode, String deviceId, String deviceName, Instant expiresAt,
      int interval) {
    return jdbi.withHandle(h -> h.createUpdate("""
            INSERT INTO device_authorizations (device_code_hash, user_code, device_id, device_name, expires_at, interval_seconds)
            VALUES (:h, :u, :d, :n, :e, :i) ON CONFLICT (user_code) DO NOTHING""")
        .bind("h", deviceCodeHash).bind("u", userCode).bind("d", deviceId).bind("n", deviceName)
        .bind("e", expiresAt).bind("i", interval).execute() == 1);
  }

  /** Binds a pending, unexpired code to the approving account. */
  public boolean approve(String userCode, String accountId, Instant now) {
    return jdbi.withHandle(h -> h.createUpdate("""
            UPDATE device_authorizations SET account_id = :a, approved_at = :now
            WHERE user_code = :u AND approved_at IS NULL AND expires_at > :now""")
        .bind("u", userCode).bind("a", accountId).bind("now", now).execute() == 1);
  }

  /** A code still waiting for approval (RFC 8628 §5.4: the viewer is shown which device asks). */
  public Optional<DeviceAuthorizationRow> pending(String userCode, Instant now) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM device_authorizations WHERE user_code = :u AND approved_at IS NULL AND expires_at > :now")
        .bind("u", userCode).bind("now", now).map(MAPPER).findOne());
  }

  /** Removes codes that expired before {@code before} (used or not); they are of no use to anyone. */
  public int deleteExpired(Instant before) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM device_authorizations WHERE expires_at < :b")
        .bind("b", before).execute());
  }

  public long count() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM device_authorizations").mapTo(Long.class).one());
  }

  /**
   * Locks the row and hands it to {@code decide}, which returns the new {@code last_polled_at} and
   * whether the code is consumed now; both are stored in the same transaction.
   */
  public <T> Optional<T> poll(byte[] deviceCodeHash, Instant now, Function<DeviceAuthorizationRow, PollUpdate<T>> decide) {
    return jdbi.inTransaction(h -> {
      Optional<DeviceAuthorizationRow> row = h.createQuery(
              "SELECT * FROM device_authorizations WHERE device_code_hash = :h FOR UPDATE")
          .bind("h", deviceCodeHash).map(MAPPER).findOne();
      if (row.isEmpty()) {
        return Optional.empty();
      }
      PollUpdate<T> update = decide.apply(row.get());
      h.createUpdate("""
              UPDATE device_authorizations SET last_polled_at = :now,
                consumed_at = CASE WHEN :consume THEN :now ELSE consumed_at END
              WHERE device_code_hash = :h""")
          .bind("h", deviceCodeHash).bind("now", now).bind("consume", update.consume()).execute();
      return Optional.of(update.result());
    });
  }

  public record PollUpdate<T>(T result, boolean consume) {}
}
