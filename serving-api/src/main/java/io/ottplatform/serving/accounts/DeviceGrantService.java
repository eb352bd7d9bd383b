package io.ottplatform.serving.accounts;

import io.ottplatform.serving.accounts.api.TokenResponse;
import io.ottplatform.serving.accounts.db.DeviceAuthorizationDao.PollUpdate;
import io.ottplatform.serving.accounts.db.DeviceAuthorizationDao;
import io.ottplatform.serving.accounts.db.DeviceAuthorizationRow;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.Ids;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ottplatform.serving.common.RateLimiter;

/**
 * The OAuth 2.0 device authorization grant (RFC 8628): a TV asks for a code, shows the user code,
 * and polls; the viewer, signed in on a phone, approves the user code; the next poll logs the TV in
 * (registering it as a device, within the plan's limit, like a password login).
 */
public final class DeviceGrantService {

  /** RFC 8628 §6.1: no vowels (no words), no ambiguous characters; 20^8 ≈ 2^34.6 codes. */
  private static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
  private static final SecureRandom RANDOM = new SecureRandom();
  static final Duration LIFETIME = Duration.ofMinutes(10);
  static final int INTERVAL_SECONDS = 5;

  /** What the device shows and how it polls (RFC 8628 §3.2). */
  public record Authorization(String deviceCode, String userCode, String verificationUri,
      String verificationUriComplete, long expiresIn, int interval) {}

  /** A poll that does not yield tokens: {@code error} per RFC 8628 §3.5. */
  public static final class GrantError extends RuntimeException {
    private final String error;

    GrantError(String error, String description) {
      super(description);
      this.error = error;
    }

    public String error() { return error; }

    public Map<String, String> body() {
      return Map.of("error", error, "error_description", getMessage());
    }
  }

  /** Looks and approvals one user code allows, across all accounts, before it is refused (RFC 8628 §5.1). */
  static final int MAX_ATTEMPTS_PER_USER_CODE = 5;
  /** Expired codes are kept this long (a late poll still hears "expired_token"), then deleted. */
  static final Duration KEEP_EXPIRED = Duration.ofHours(1);

  /** The device a viewer is about to approve (RFC 8628 §5.4: so a phished code shows a stranger's device). */
  public record PendingDevice(String userCode, String deviceId, String deviceName, Instant expiresAt) {}

  private final DeviceAuthorizationDao dao;
  private final AuthService auth;
  private final String verificationUri;
  private final RateLimiter codes;
  private final Clock clock;
  private final Cache<String, AtomicInteger> attempts;

  public DeviceGrantService(DeviceAuthorizationDao dao, AuthService auth, String verificationUri, RateLimiter codes,
      int maxTracked, Clock clock) {
    this.dao = dao;
    this.auth = auth;
    this.verificationUri = verificationUri;
    this.codes = codes;
    this.clock = clock;
    this.attempts = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterWrite(LIFETIME).build();
  }

  public Authorization start(String deviceId, String deviceName, String clientAddress) {
    codes.acquire(clientAddress);
    dao.deleteExpired(clock.instant().minus(KEEP_EXPIRED));
    String deviceCode = Ids.secret();
    Instant expires = clock.instant().plus(LIFETIME);
    for (int attempt = 0; attempt < 5; attempt++) {
      String userCode = userCode();
      if (dao.insert(AuthService.sha256(deviceCode), userCode, deviceId,
          deviceName == null || deviceName.isBlank() ? deviceId : deviceName, expires, INTERVAL_SECONDS)) {
        return new Authorization(deviceCode, userCode, verificationUri, verificationUri + "?user_code=" + userCode,
            LIFETIME.toSeconds(), INTERVAL_SECONDS);
      }
    }
    throw new IllegalStateException("could not draw a free user code");
  }

  /** What the approval page shows before the viewer approves. */
  public PendingDevice pending(String typedUserCode) {
    String userCode = attempt(typedUserCode);
    return dao.pending(userCode, clock.instant())
        .map(r -> new PendingDevice(r.userCode(), r.deviceId(), r.deviceName(), r.expiresAt()))
        .orElseThrow(() -> new ApiException(404, "unknown_user_code", "no pending device with code " + userCode
            + " (it may have expired)"));
  }

  public void approve(String accountId, String typedUserCode) {
    String userCode = attempt(typedUserCode);
    if (!dao.approve(userCode, accountId, clock.instant())) {
      throw new ApiException(404, "unknown_user_code", "no pending device with this code (it may have expired)");
    }
  }

  public TokenResponse poll(String deviceCode) {
    Instant now = clock.instant();
    Optional<Object> outcome = dao.poll(AuthService.sha256(deviceCode), now, row -> decide(row, now));
    Object result = outcome.orElseThrow(() -> new GrantError("invalid_grant", "unknown device code"));
    if (result instanceof GrantError e) {
      throw e;
    }
    DeviceAuthorizationRow approved = (DeviceAuthorizationRow) result;
    return auth.loginApproved(approved.accountId(), approved.deviceId(), approved.deviceName());
  }

  private static PollUpdate<Object> decide(DeviceAuthorizationRow row, Instant now) {
    if (row.consumedAt() != null) {
      return new PollUpdate<>(new GrantError("invalid_grant", "this device code was already used"), false);
    }
    if (!row.expiresAt().isAfter(now)) {
      return new PollUpdate<>(new GrantError("expired_token", "the device code expired; start again"), false);
    }
    if (row.lastPolledAt() != null && row.lastPolledAt().plusSeconds(row.intervalSeconds()).isAfter(now)) {
      return new PollUpdate<>(new GrantError("slow_down", "poll at most every " + row.intervalSeconds() + " s"), false);
    }
    if (row.approvedAt() == null) {
      return new PollUpdate<>(new GrantError("authorization_pending", "waiting for the viewer to approve"), false);
    }
    return new PollUpdate<>(row, true);
  }

  /** Counts a look at or an approval of a user code; past the limit the code is refused (429). */
  private String attempt(String typedUserCode) {
    String userCode = normalize(typedUserCode);
    int n = attempts.asMap().computeIfAbsent(userCode, c -> new AtomicInteger()).incrementAndGet();
    if (n > MAX_ATTEMPTS_PER_USER_CODE) {
      throw new ApiException(429, "too_many_attempts", "user code " + userCode + " was tried " + (n - 1)
          + " times; ask the device for a new code");
    }
    return userCode;
  }

  static String userCode() {
    StringBuilder sb = new StringBuilder(9);
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        sb.append('-');
      }
      sb.append(USER_CODE_ALPHABET.charAt(RANDOM.nextInt(USER_CODE_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** Accepts what people type: any case, with or without the dash or spaces. */
  static String normalize(String typed) {
    String letters = typed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    return letters.length() == 8 ? letters.substring(0, 4) + "-" + letters.substring(4) : letters;
  }
}
