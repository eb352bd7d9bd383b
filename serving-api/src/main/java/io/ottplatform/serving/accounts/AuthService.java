package io.ottplatform.serving.accounts;

import io.ottplatform.serving.accounts.api.AccountView;
import io.ottplatform.serving.accounts.api.LoginRequest;
import io.ottplatform.serving.accounts.api.SignupRequest;
import io.ottplatform.serving.accounts.api.TokenResponse;
import io.ottplatform.serving.accounts.auth.AccessTokens;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.auth.LoginThrottle;
import io.ottplatform.serving.accounts.auth.Role;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.accounts.db.AccountRow;
import io.ottplatform.serving.accounts.db.DeviceDao;
import io.ottplatform.serving.accounts.db.TokenDao;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.Ids;
import io.ottplatform.serving.common.RateLimiter;
import io.ottplatform.serving.accounts.api.SignupAccepted;
import io.ottplatform.serving.config.PlansConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-up, login, refresh-token rotation with reuse detection, logout. A login is a token family:
 * one device, one chain of refresh tokens; revoking the family ends the login everywhere it is used.
 */
public final class AuthService {

  private final AccountDao accounts;
  private final NewAccounts newAccounts;
  private final DeviceDao devices;
  private final TokenDao tokens;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final LoginThrottle throttle;
  private final PlansConfig plans;
  private final RateLimiter signups;
  private final Duration refreshTtl;
  private final Duration sessionAbsoluteLifetime;
  private final Clock clock;
  private Runnable onRevoke = () -> { };

  public AuthService(AccountDao accounts, NewAccounts newAccounts, DeviceDao devices, TokenDao tokens,
      PasswordHasher hasher, AccessTokens accessTokens, LoginThrottle throttle, RateLimiter signups, PlansConfig plans,
      Duration refreshTtl, Duration sessionAbsoluteLifetime, Clock clock) {
    this.signups = signups;
    this.sessionAbsoluteLifetime = sessionAbsoluteLifetime;
    this.accounts = accounts;
    this.newAccounts = newAccounts;
    this.devices = devices;
    this.tokens = tokens;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.throttle = throttle;
    this.plans = plans;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
  }

  /** Told after every revocation (the authenticator drops what it remembered). */
  public void onRevoke(Runnable listener) {
    this.onRevoke = listener;
  }

  /**
   * Always a viewer: roles are given by an admin or by the operator's {@code admin create}, never by sign-up.
   * The answer is the same whether the e-mail was free or taken (the hash is computed either way, so the time
   * is the same too): sign-up cannot be used to learn who has an account. Rate limited per client address.
   */
  public SignupAccepted signUp(SignupRequest request, String clientAddress) {
    signups.acquire(clientAddress);
    String email = request.email().trim().toLowerCase(Locale.ROOT);
    newAccounts.create(email, hasher.hash(request.password()), Role.VIEWER);
    return SignupAccepted.INSTANCE;
  }

  public TokenResponse login(LoginRequest request, String clientAddress) {
    String email = request.email().trim().toLowerCase(Locale.ROOT);
    long wait = throttle.retryAfterSeconds(email, clientAddress);
    if (wait > 0) {
      throw new ThrottledException(wait);
    }
    Optional<AccountRow> account = accounts.byEmail(email);
    boolean ok = account.isPresent()
        ? hasher.verify(request.password(), account.get().passwordHash())
        : hasher.verifyAgainstDummy(request.password());
    if (!ok) {
      throttle.recordFailure(email, clientAddress);
      throw new ApiException(401, "invalid_credentials", "wrong e-mail or password");
    }
    throttle.recordSuccess(email);
    return startLogin(account.get(), request.deviceId(), request.deviceName());
  }

  /** Logs a device in for an account that approved it (device authorization grant). */
  public TokenResponse loginApproved(String accountId, String deviceId, String deviceName) {
    AccountRow row = accounts.byId(accountId)
        .orElseThrow(() -> new ApiException(401, "unknown_account", "the approving account no longer exists"));
    return startLogin(row, deviceId, deviceName);
  }

  private TokenResponse startLogin(AccountRow row, String deviceId, String requestedName) {
    int maxDevices = plan(row).map(PlansConfig.Plan::getMaxDevices).orElse(1);
    String deviceName = requestedName == null || requestedName.isBlank() ? deviceId : requestedName;
    if (!devices.register(row.id(), deviceId, deviceName, maxDevices)) {
      throw new ApiException(403, "device_limit",
          "the plan allows " + maxDevices + " devices; remove one under /v1/devices first");
    }
    UUID family = UUID.randomUUID();
    String refresh = Ids.secret();
    Duration firstTtl = refreshTtl.compareTo(sessionAbsoluteLifetime) < 0 ? refreshTtl : sessionAbsoluteLifetime;
    tokens.createFamily(family, row.id(), deviceId, sha256(refresh), clock.instant().plus(firstTtl));
    return tokenResponse(row.id(), Role.of(row.role()), deviceId, family, refresh);
  }

  /**
   * Rotates the refresh token; a replayed one revokes its whole family (every token of that login). A login
   * older than the absolute session lifetime ends whatever its refresh history: log in again.
   */
  public TokenResponse refresh(String refreshToken) {
    String next = Ids.secret();
    Instant now = clock.instant();
    TokenDao.Rotation r = tokens.rotate(sha256(refreshToken), sha256(next), now, now.plus(refreshTtl),
        sessionAbsoluteLifetime);
    switch (r.outcome()) {
      case ROTATED -> {
        AccountRow account = accounts.byId(r.token().accountId())
            .orElseThrow(() -> new ApiException(401, "invalid_refresh_token", "account no longer exists"));
        return tokenResponse(account.id(), Role.of(account.role()), r.token().deviceId(), r.token().familyId(), next);
      }
      case REUSED -> {
        onRevoke.run();
        throw new ApiException(401, "refresh_token_reused",
          "this refresh token was already used; the login is revoked on every device that shared it");
      }
      case REVOKED -> throw new ApiException(401, "session_revoked", "this login was signed out");
      case LIFETIME_EXCEEDED -> {
        onRevoke.run();
        throw new ApiException(401, "session_lifetime_exceeded", "this login is older than "
            + describe(sessionAbsoluteLifetime) + ", the most a login lasts however often it is refreshed; log in again");
      }
      case EXPIRED -> throw new ApiException(401, "refresh_token_expired", "the refresh token expired; log in again");
      default -> throw new ApiException(401, "invalid_refresh_token", "unknown refresh token");
    }
  }

  public void logout(AccountPrincipal principal) {
    tokens.revokeFamily(principal.familyId(), "logout");
    onRevoke.run();
  }

  public int logoutEverywhere(AccountPrincipal principal) {
    int revoked = tokens.revokeAll(principal.accountId(), "logout_all");
    onRevoke.run();
    return revoked;
  }

  /**
   * Replaces the password after checking the current one (throttled like a login), and revokes every session
   * of the account, this one included: whoever knew the old password is signed out.
   */
  public int changePassword(AccountPrincipal principal, String currentPassword, String newPassword,
      String clientAddress) {
    AccountRow row = checkPassword(principal.accountId(), currentPassword, clientAddress);
    accounts.setPasswordHash(row.id(), hasher.hash(newPassword));
    return revokeSessions(row.id(), "password_changed");
  }

  /**
   * The account, when {@code password} is its current password (re-entered for a password change or a deletion);
   * failures are throttled like logins: 403 {@code wrong_password}, then 429.
   */
  public AccountRow checkPassword(String accountId, String password, String clientAddress) {
    AccountRow row = accounts.byId(accountId).orElseThrow(() -> ApiException.notFound("account", accountId));
    long wait = throttle.retryAfterSeconds(row.email(), clientAddress);
    if (wait > 0) {
      throw new ThrottledException(wait);
    }
    if (!hasher.verify(password, row.passwordHash())) {
      throttle.recordFailure(row.email(), clientAddress);
      throw new ApiException(403, "wrong_password", "the current password is wrong");
    }
    return row;
  }

  /** Signs an account out everywhere (a role or password change, an admin's decision). */
  public int revokeSessions(String accountId, String reason) {
    int revoked = tokens.revokeAll(accountId, reason);
    onRevoke.run();
    return revoked;
  }

  public AccountView account(String accountId) {
    return accounts.byId(accountId).map(AuthService::view)
        .orElseThrow(() -> ApiException.notFound("account", accountId));
  }

  public Optional<PlansConfig.Plan> plan(AccountRow account) {
    return Optional.ofNullable(account.plan()).map(p -> plans.getPlans().get(p));
  }

  private TokenResponse tokenResponse(String accountId, Role role, String deviceId, UUID family, String refresh) {
    return new TokenResponse(accessTokens.issue(accountId, role, deviceId, family), "Bearer",
        accessTokens.ttl().toSeconds(), refresh, accountId, deviceId);
  }

  /** "30 days", "12 hours", "30 minutes", "90 s": the largest whole unit. */
  static String describe(Duration d) {
    long s = d.toSeconds();
    if (s > 0 && s % 86_400 == 0) {
      return d.toDays() + " days";
    }
    if (s > 0 && s % 3_600 == 0) {
      return d.toHours() + " hours";
    }
    if (s > 0 && s % 60 == 0) {
      return d.toMinutes() + " minutes";
    }
    return s + " s";
  }

  static AccountView view(AccountRow row) {
    return new AccountView(row.id(), row.email(), row.role(), row.plan());
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Too many failed logins: 429 with Retry-After. */
  public static final class ThrottledException extends ApiException {
    private final long retryAfterSeconds;

    public ThrottledException(long retryAfterSeconds) {
      super(429, "too_many_login_attempts", "too many failed logins; retry in " + retryAfterSeconds + " s");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() { return retryAfterSeconds; }
  }
}
