package io.ottplatform.serving.accounts;

import io.ottplatform.serving.accounts.api.PasswordResetAccepted;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.accounts.db.AccountRow;
import io.ottplatform.serving.accounts.db.MailOutboxDao;
import io.ottplatform.serving.accounts.db.PasswordResetDao;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.Ids;
import io.ottplatform.serving.common.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Password reset by e-mail. A request always gets the same answer (no one learns which e-mails have accounts);
 * for an account it stores the SHA-256 of a one-time token and, in the same transaction, appends the mail with the
 * link to the mail outbox. Confirming spends the token, sets the password and signs the account out everywhere.
 * Requests are rate limited per client address (429) and mails per e-mail address (further requests are
 * answered alike and send nothing: nobody can flood a mailbox or tell the limit from a missing account).
 */
public final class PasswordResets {

  static final String SUBJECT = "Reset your password";

  private final AccountDao accounts;
  private final PasswordResetDao resets;
  private final PasswordHasher hasher;
  private final RateLimiter perAddress;
  private final RateLimiter perEmail;
  private final String resetUrl;
  private final Duration ttl;
  private final Runnable onRevoke;
  private final Clock clock;

  public PasswordResets(AccountDao accounts, PasswordResetDao resets, PasswordHasher hasher, RateLimiter perAddress,
      RateLimiter perEmail, String resetUrl, Duration ttl, Runnable onRevoke, Clock clock) {
    this.accounts = accounts;
    this.resets = resets;
    this.hasher = hasher;
    this.perAddress = perAddress;
    this.perEmail = perEmail;
    this.resetUrl = resetUrl;
    this.ttl = ttl;
    this.onRevoke = onRevoke;
    this.clock = clock;
  }

  public PasswordResetAccepted request(String email, String clientAddress) {
    perAddress.acquire(clientAddress);
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    Optional<AccountRow> account = accounts.byEmail(normalized);
    if (account.isPresent() && mayMail(normalized)) {
      String token = Ids.secret();
      Instant now = clock.instant();
      Instant expires = now.plus(ttl);
      resets.create(AuthService.sha256(token), account.get().id(), now, expires,
          h -> MailOutboxDao.append(h, normalized, SUBJECT, body(token), now, expires));
    }
    return PasswordResetAccepted.INSTANCE;
  }

  private boolean mayMail(String email) {
    try {
      perEmail.acquire(email);
      return true;
    } catch (RateLimiter.RateLimitedException enough) {
      return false; // answered like any other request: the limit must not tell an account apart
    }
  }

  /**
   * The link carries the token in the fragment: browsers never send a fragment to any server, so it cannot end in
   * a request log on the way to the reset page.
   */
  private String body(String token) {
    return "Someone, hopefully you, asked to reset the password of your account.\n\n"
        + "Choose a new password within " + AuthService.describe(ttl) + " with this link (it works once):\n\n"
        + resetUrl + "#token=" + token + "\n\n"
        + "If it was not you, ignore this mail: your password stays as it is.\n";
  }

  /** Sets the new password with a token from a reset mail; every session of the account ends. */
  public void confirm(String token, String newPassword) {
    byte[] hash = AuthService.sha256(token);
    // checked before hashing: an Argon2 hash (19 MiB) is only spent for a token that can succeed
    PasswordResetDao.ResetToken found = resets.find(hash).orElseThrow(PasswordResets::unknown);
    Instant now = clock.instant();
    check(found.usedAt() != null ? PasswordResetDao.Outcome.USED
        : found.expiresAt().isAfter(now) ? PasswordResetDao.Outcome.RESET : PasswordResetDao.Outcome.EXPIRED);
    check(resets.reset(hash, hasher.hash(newPassword), now));
    onRevoke.run();
  }

  private static void check(PasswordResetDao.Outcome outcome) {
    switch (outcome) {
      case RESET -> { }
      case USED -> throw new ApiException(400, "reset_token_used",
          "this reset link was already used (or a newer one was); ask for a new one");
      case EXPIRED -> throw new ApiException(400, "reset_token_expired",
          "this reset link expired; ask for a new one");
      default -> throw unknown();
    }
  }

  private static ApiException unknown() {
    return new ApiException(400, "invalid_reset_token", "unknown reset token; use the link of the latest reset mail");
  }
}
