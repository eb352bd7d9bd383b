package io.ottplatform.serving.accounts.db;

import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.serving.common.OutboxSource;
import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox of account plan limits, relayed to the compacted topic {@code account.plans} (keyed by
 * account id) where the concurrency guard reads them. A row is appended in the transaction that gives
 * an account its plan, so the guard learns every plan this service grants.
 */
public final class AccountPlanOutboxDao implements OutboxSource<AccountPlan> {

  private final Jdbi jdbi;

  public AccountPlanOutboxDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Appends in the caller's transaction. */
  public void append(Handle h, String accountId, String planId, int maxStreams, Integer maxDevices, Instant at) {
    h.createUpdate("""
            INSERT INTO account_plan_outbox (account_id, plan_id, max_streams, max_devices, changed_at)
            VALUES (:account, :plan, :streams, :devices, :at)""")
        .bind("account", accountId).bind("plan", planId).bind("streams", maxStreams).bind("devices", maxDevices)
        .bind("at", at).execute();
  }

  @Override
  public List<Pending<AccountPlan>> lockUnsent(Handle h, int limit) {
    return h.createQuery("""
            SELECT id, account_id, plan_id, max_streams, max_devices, changed_at FROM account_plan_outbox
            WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
        .bind("limit", limit)
        .map((rs, ctx) -> new Pending<>(rs.getLong("id"), rs.getString("account_id"), AccountPlan.newBuilder()
            .setAccountId(rs.getString("account_id")).setPlanId(rs.getString("plan_id"))
            .setMaxConcurrentStreams(rs.getInt("max_streams")).setMaxDevices(Rows.intOrNull(rs, "max_devices"))
            .setUpdatedAt(Rows.instant(rs, "changed_at")).build()))
        .list();
  }

  @Override
  public void markSent(Handle h, List<Long> ids) {
    h.createUpdate("UPDATE account_plan_outbox SET sent_at = now() WHERE id = ANY(:ids)")
        .bindArray("ids", Long.class, ids).execute();
  }

  public long unsentCount() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM account_plan_outbox WHERE sent_at IS NULL")
        .mapTo(Long.class).one());
  }
}
