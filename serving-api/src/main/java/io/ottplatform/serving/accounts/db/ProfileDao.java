package io.ottplatform.serving.accounts.db;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class ProfileDao {

  private static final RowMapper<ProfileRow> MAPPER = (rs, ctx) -> new ProfileRow(
      rs.getString("id"), rs.getString("account_id"), rs.getString("name"), rs.getBoolean("kids"),
      rs.getInt("maturity_ceiling"));

  public enum InsertOutcome { CREATED, LIMIT_REACHED, NAME_TAKEN }

  private final Jdbi jdbi;

  public ProfileDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inserts within the per-account limit; the account row lock serializes concurrent creations. */
  public InsertOutcome insert(ProfileRow row, int maxProfiles) {
    return jdbi.inTransaction(h -> {
      h.createQuery("SELECT id FROM accounts WHERE id = :a FOR UPDATE").bind("a", row.accountId()).mapTo(String.class).one();
      int count = h.createQuery("SELECT count(*) FROM profiles WHERE account_id = :a")
          .bind("a", row.accountId()).mapTo(Integer.class).one();
      if (count >= maxProfiles) {
        return InsertOutcome.LIMIT_REACHED;
      }
      int inserted = h.createUpdate("""
              INSERT INTO profiles (id, account_id, name, kids, maturity_ceiling) VALUES (:id, :a, :n, :k, :m)
              ON CONFLICT (account_id, name) DO NOTHING""")
          .bind("id", row.id()).bind("a", row.accountId()).bind("n", row.name()).bind("k", row.kids())
          .bind("m", row.maturityCeiling()).execute();
      return inserted == 1 ? InsertOutcome.CREATED : InsertOutcome.NAME_TAKEN;
    });
  }

  public List<ProfileRow> list(String accountId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM profiles WHERE account_id = :a ORDER BY created_at, id")
        .bind("a", accountId).map(MAPPER).list());
  }

  /** The profile only if it belongs to the account: another account's profile is simply absent. */
  public Optional<ProfileRow> find(String accountId, String profileId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM profiles WHERE id = :id AND account_id = :a")
        .bind("id", profileId).bind("a", accountId).map(MAPPER).findOne());
  }

  public boolean delete(String accountId, String profileId) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM profiles WHERE id = :id AND account_id = :a")
        .bind("id", profileId).bind("a", accountId).execute() == 1);
  }
}
