package io.ottplatform.serving.accounts.db;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

public final class AccountDao {

  private static final RowMapper<AccountRow> MAPPER = (rs, ctx) -> new AccountRow(
      rs.getString("id"), rs.getString("email"), rs.getString("password_hash"), rs.getString("role"),
      rs.getString("plan"));

  private final Jdbi jdbi;

  public AccountDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** @return false when the e-mail is taken */
  public boolean insert(AccountRow row) {
    return insert(row, h -> {});
  }

  /**
   * Inserts the account and, in the same transaction and only when it was inserted, runs
   * {@code alsoWhenInserted} (an outbox append).
   *
   * @return false when the e-mail is taken
   */
  public boolean insert(AccountRow row, Consumer<Handle> alsoWhenInserted) {
    return jdbi.inTransaction(h -> {
      boolean inserted = h.createUpdate("""
              INSERT INTO accounts (id, email, password_hash, role, plan) VALUES (:id, :email, :hash, :role, :plan)
              ON CONFLICT (email) DO NOTHING""")
          .bind("id", row.id()).bind("email", row.email()).bind("hash", row.passwordHash())
          .bind("role", row.role()).bind("plan", row.plan()).execute() == 1;
      if (inserted) {
        alsoWhenInserted.accept(h);
      }
      return inserted;
    });
  }

  public Optional<AccountRow> byEmail(String email) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE email = :email")
        .bind("email", email).map(MAPPER).findOne());
  }

  public Optional<AccountRow> byId(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE id = :id")
        .bind("id", id).map(MAPPER).findOne());
  }

  public boolean setRole(String id, String role) {
    try {
      return jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET role = :role WHERE id = :id")
          .bind("id", id).bind("role", role).execute() == 1);
    } catch (UnableToExecuteStatementException e) {
      return false;
    }
  }

  /** Sets role and password hash together (the operator's recovery of an account). */
  public boolean setCredentials(String id, String role, String passwordHash) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET role = :role, password_hash = :hash WHERE id = :id")
        .bind("id", id).bind("role", role).bind("hash", passwordHash).execute() == 1);
  }

  public boolean setPasswordHash(String id, String passwordHash) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET password_hash = :hash WHERE id = :id")
        .bind("id", id).bind("hash", passwordHash).execute() == 1);
  }

  public long countWithRole(String role) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM accounts WHERE role = :role")
        .bind("role", role).mapTo(Long.class).one());
  }

  public List<AccountRow> list(int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts ORDER BY created_at LIMIT :limit")
        .bind("limit", limit).map(MAPPER).list());
  }
}
