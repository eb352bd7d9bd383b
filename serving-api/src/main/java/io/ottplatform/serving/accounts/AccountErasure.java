package io.ottplatform.serving.accounts;

import io.ottplatform.serving.accounts.api.ErasureReceipt;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.db.AccountRow;
import io.ottplatform.serving.accounts.db.ErasureDao;
import io.ottplatform.serving.common.ApiException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Account deletion: with the password re-entered, the account's serving data is deleted at once and an erasure
 * request for the lake is recorded with its profile ids (batch-jobs' {@code erase} takes one profile id per run);
 * the receipt names both. The account's logins end with it: its token families are gone, so its access tokens
 * fail the family check.
 */
public final class AccountErasure {

  private final AuthService auth;
  private final ErasureDao erasures;
  private final Runnable onRevoke;
  private final Clock clock;

  public AccountErasure(AuthService auth, ErasureDao erasures, Runnable onRevoke, Clock clock) {
    this.auth = auth;
    this.erasures = erasures;
    this.onRevoke = onRevoke;
    this.clock = clock;
  }

  public ErasureReceipt delete(AccountPrincipal caller, String password, String clientAddress) {
    AccountRow account = auth.checkPassword(caller.accountId(), password, clientAddress);
    ErasureDao.ErasureRequestRow row = erasures.eraseAccount(account.id(), account.email(), UUID.randomUUID(),
            clock.instant())
        .orElseThrow(() -> ApiException.notFound("account", caller.accountId()));
    onRevoke.run();
    return new ErasureReceipt(row.id(), row.profileIds(), row.requestedAt(), "pending", null,
        "the account and its serving data are deleted; the viewing history of its " + row.profileIds().size()
            + " profiles will be erased from the analytics lake under this request id");
  }

  public List<ErasureReceipt> list(boolean pendingOnly, int limit) {
    return erasures.list(pendingOnly, limit).stream().map(AccountErasure::receipt).toList();
  }

  public ErasureReceipt complete(UUID id, String adminAccountId) {
    return erasures.complete(id, adminAccountId, clock.instant()).map(AccountErasure::receipt)
        .orElseThrow(() -> ApiException.notFound("erasure request", id.toString()));
  }

  static ErasureReceipt receipt(ErasureDao.ErasureRequestRow row) {
    boolean done = row.completedAt() != null;
    return new ErasureReceipt(row.id(), row.profileIds(), row.requestedAt(), done ? "completed" : "pending",
        row.completedAt(), done ? "erased from the lake"
            : "run './ott batch erase --profile-id P' for each profile id, then mark it complete");
  }
}
