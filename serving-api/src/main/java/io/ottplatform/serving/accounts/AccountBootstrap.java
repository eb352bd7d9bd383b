package io.ottplatform.serving.accounts;

import io.ottplatform.serving.accounts.auth.Role;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.accounts.db.AccountRow;
import io.ottplatform.serving.accounts.db.TokenDao;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's way to an account with a role ({@code admin create}): the only way an admin comes to
 * exist, since sign-up always makes viewers. It runs with the service's own configuration and database,
 * i.e. by someone who already holds the database credentials, so it needs no other authorization.
 */
public final class AccountBootstrap {

  /** What to do when the e-mail already has an account. */
  public enum IfExists {
    /** Refuse (the default: an operator should notice). */
    FAIL,
    /** Leave it as it is (re-running a provisioning script). */
    KEEP,
    /** Give it the role and the password, and sign it out everywhere (break-glass recovery). */
    UPDATE
  }

  public enum Outcome { CREATED, KEPT, UPDATED }

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

  private final NewAccounts newAccounts;
  private final AccountDao accounts;
  private final TokenDao tokens;
  private final PasswordHasher hasher;

  public AccountBootstrap(NewAccounts newAccounts, AccountDao accounts, TokenDao tokens, PasswordHasher hasher) {
    this.newAccounts = newAccounts;
    this.accounts = accounts;
    this.tokens = tokens;
    this.hasher = hasher;
  }

  public Outcome create(String rawEmail, String password, Role role, IfExists ifExists) {
    String email = rawEmail == null ? "" : rawEmail.trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(email).matches()) {
      throw new IllegalArgumentException("--email '" + rawEmail + "' is not an e-mail address");
    }
    if (password == null || password.length() < 10 || password.length() > 128) {
      throw new IllegalArgumentException("the password must be 10 to 128 characters (got "
          + (password == null ? 0 : password.length()) + ")");
    }
    String hash = hasher.hash(password);
    if (newAccounts.create(email, hash, role).isPresent()) {
      return Outcome.CREATED;
    }
    AccountRow existing = accounts.byEmail(email).orElseThrow(() -> new IllegalStateException(
        "the account " + email + " was neither created nor found (deleted meanwhile?); run again"));
    return switch (ifExists) {
      case FAIL -> throw new IllegalArgumentException("an account with e-mail " + email + " already exists (role "
          + existing.role() + "); --if-exists keep leaves it, --if-exists update sets its role and password");
      case KEEP -> Outcome.KEPT;
      case UPDATE -> {
        accounts.setCredentials(existing.id(), role.id(), hash);
        tokens.revokeAll(existing.id(), "credentials_reset_by_operator");
        yield Outcome.UPDATED;
      }
    };
  }

  /** Whether any admin exists (the service warns at start when none does). */
  public boolean anyAdmin() {
    return accounts.countWithRole(Role.ADMIN.id()) > 0;
  }

  static Optional<Role> role(String id) {
    try {
      return Optional.of(Role.of(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
