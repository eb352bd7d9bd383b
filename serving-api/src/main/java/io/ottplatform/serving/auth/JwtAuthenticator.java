package io.ottplatform.serving.auth;

import io.dropwizard.auth.Authenticator;
import io.ottplatform.serving.db.TokenDao;
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

  public JwtAuthenticator(AccessTokens tokens, TokenDao tokenDao) {
    this.tokens = tokens;
    this.tokenDao = tokenDao;
  }

  @Override
  public Optional<AccountPrincipal> authenticate(String credentials) {
    Optional<AccountPrincipal> principal = tokens.verify(credentials);
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

  /** Called after any revocation so this instance never serves a revoked login from memory. */
  public void forgetAll() {
    activeUntilNanos.clear();
  }
}
