package io.ottplatform.serving.accounts.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropwizard.auth.Authenticator;
import io.ottplatform.serving.accounts.db.TokenDao;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer access token → principal. Besides the signature it checks that the login (token family)
 * was not revoked, so logout, "sign out everywhere" and device removal take effect at once rather
 * than when the access token expires. A positive answer is remembered for {@value #ACTIVE_TTL_MS} ms
 * to spare the database one query per request; revocations on this instance call {@link #forgetAll()},
 * other instances notice within that time.
 */
public final class JwtAuthenticator implements Authenticator<String, AccountPrincipal> {

  static final long ACTIVE_TTL_MS = 1000;
  private static final int MAX_REMEMBERED = 100_000;

  private final AccessTokens tokens;
  private final TokenDao tokenDao;
  private final Map<UUID, Long> activeUntilNanos = new ConcurrentHashMap<>();
  /**
   * Tokens whose signature and claims were already checked: a client sends the same access token
   * with every request for its 10 minutes, and parsing plus HMAC was ~7 % of the server's CPU samples (JFR).
   * Keyed by the whole token, signature included, so only the identical string hits; expiry is still
   * checked on every hit, revocation by the family check below. Failures are never cached.
   */
  private final Cache<String, AccessTokens.Verified> verified =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  public JwtAuthenticator(AccessTokens tokens, TokenDao tokenDao) {
    this.tokens = tokens;
    this.tokenDao = tokenDao;
  }

  @Override
  public Optional<AccountPrincipal> authenticate(String credentials) {
    Optional<AccountPrincipal> principal = verifiedPrincipal(credentials);
    if (principal.isEmpty()) {
      return principal;
    }
    UUID family = principal.get().familyId();
    long now = System.nanoTime();
    Long until = activeUntilNanos.get(family);
    if (until != null && until - now > 0) {
      return principal;
    }
    if (!tokenDao.isFamilyActive(family)) {
      activeUntilNanos.remove(family);
      return Optional.empty();
    }
    if (activeUntilNanos.size() > MAX_REMEMBERED) {
      activeUntilNanos.clear();
    }
    activeUntilNanos.put(family, now + ACTIVE_TTL_MS * 1_000_000);
    return principal;
  }

  private Optional<AccountPrincipal> verifiedPrincipal(String token) {
    AccessTokens.Verified known = verified.getIfPresent(token);
    if (known == null) {
      Optional<AccessTokens.Verified> checked = tokens.verifyWithExpiry(token);
      if (checked.isEmpty()) {
        return Optional.empty();
      }
      known = checked.get();
      verified.put(token, known);
    }
    return tokens.stillValid(known) ? Optional.of(known.principal()) : Optional.empty();
  }

  /** Called after any revocation so this instance never serves a revoked login from memory. */
  public void forgetAll() {
    activeUntilNanos.clear();
  }
}
