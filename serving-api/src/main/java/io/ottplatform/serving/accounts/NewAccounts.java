package io.ottplatform.serving.accounts;

import io.ottplatform.serving.accounts.auth.Role;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.accounts.db.AccountPlanOutboxDao;
import io.ottplatform.serving.accounts.db.AccountRow;
import io.ottplatform.serving.common.Ids;
import io.ottplatform.serving.config.PlansConfig;
import java.time.Clock;
import java.util.Optional;

/**
 * Creates an account on the default plan, telling the concurrency guard its plan through the outbox in
 * the same transaction. Sign-up (always a viewer) and the operator's {@code admin create} both come here,
 * so an account is made one way whoever asks.
 */
public final class NewAccounts {

  private final AccountDao accounts;
  private final AccountPlanOutboxDao planOutbox;
  private final PlansConfig plans;
  private final Clock clock;

  public NewAccounts(AccountDao accounts, AccountPlanOutboxDao planOutbox, PlansConfig plans, Clock clock) {
    this.accounts = accounts;
    this.planOutbox = planOutbox;
    this.plans = plans;
    this.clock = clock;
  }

  /** The new account, or empty when the e-mail is taken. */
  public Optional<AccountRow> create(String email, String passwordHash, Role role) {
    AccountRow row = new AccountRow(Ids.newId("acc"), email, passwordHash, role.id(), plans.getDefaultPlan());
    Optional<PlansConfig.Plan> plan = Optional.ofNullable(row.plan()).map(p -> plans.getPlans().get(p));
    // the guard learns the plan's stream limit from account.plans, published from this outbox
    boolean inserted = accounts.insert(row, h -> plan.ifPresent(p -> planOutbox.append(h, row.id(), row.plan(),
        p.getMaxStreams(), p.getMaxDevices(), clock.instant())));
    return inserted ? Optional.of(row) : Optional.empty();
  }
}
