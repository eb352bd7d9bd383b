package io.ottplatform.serving.playback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.MaturityRating;
import io.ottplatform.serving.config.PlansConfig;
import io.ottplatform.serving.playback.db.PlaybackSessionDao;
import io.ottplatform.serving.playback.db.PlaybackSessionDao.SessionFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Playback sessions (issue #14): a grant creates one, bound to the account, profile, device, title, country and
 * the login (token family) it was granted to; its media and key tokens name it, and every use of them asks here
 * whether it may still play.
 *
 * <ul>
 *   <li><b>Key time</b> ({@link #checkForKey}, and renewal): always fresh from PostgreSQL (keys are asked for a
 *       few times per view): the session is ACTIVE and unexpired, its login is not signed out, its device is still
 *       registered, the plan is entitled, the title is within the profile's ceiling and available in the session's
 *       country now.
 *   <li><b>Media time</b> ({@link #checkForMedia}, every playlist and segment): the first four, from a per-instance
 *       cache of at most {@code checkTtl} (validated ≤ 60 s); revocations on this instance clear it at once
 *       ({@link #forgetAll}), other instances see them within {@code checkTtl}.
 * </ul>
 */
public final class PlaybackSessions {

  public static final Duration MAX_CHECK_TTL = Duration.ofSeconds(60);

  private final PlaybackSessionDao dao;
  private final PlayableTitles titles;
  private final PlansConfig plans;
  private final Duration lease;
  private final Clock clock;
  /** Session id → its facts as last read (absent sessions are not cached: they may be created on another instance). */
  private final Cache<UUID, SessionFacts> recent;

  public PlaybackSessions(PlaybackSessionDao dao, PlayableTitles titles, PlansConfig plans, Duration lease,
      Duration checkTtl, Clock clock) {
    if (checkTtl.isNegative() || checkTtl.compareTo(MAX_CHECK_TTL) > 0) {
      throw new IllegalArgumentException("playback.sessionCheckTtl must be between 0 and 60 s (a revoked session must"
          + " stop within a minute): " + checkTtl);
    }
    if (lease.toSeconds() < 10) {
      throw new IllegalArgumentException("playback.urlTtl must be at least 10 s: " + lease);
    }
    this.dao = dao;
    this.titles = titles;
    this.plans = plans;
    this.lease = lease;
    this.clock = clock;
    this.recent = Caffeine.newBuilder().expireAfterWrite(checkTtl).maximumSize(200_000).build();
  }

  /** How long a session (and each token issued for it) lives without a renewal. */
  public Duration lease() {
    return lease;
  }

  /**
   * Reserves one of the plan's {@code screens} for a granted session and records it, or refuses with 429
   * {@code stream_limit_reached} when every screen is held; the session's tokens expire with this lease.
   *
   * <p>A session holds its screen while it is ACTIVE and its lease runs: the viewer's end, a revocation, a logout,
   * removing its device, or one lease without a renewal frees it. Only this service's rows decide; nothing a client
   * sends to ingest-api (heartbeats, VIEW_END) frees a screen.
   */
  public Instant start(UUID id, AccountPrincipal caller, String profileId, String titleId, String country, int screens,
      Instant now) {
    Instant expires = Instant.ofEpochSecond(now.plus(lease).getEpochSecond());
    int held = dao.reserve(id, caller.accountId(), profileId, caller.deviceId(), caller.familyId(), titleId, country,
        now, expires, screens);
    if (held >= screens) {
      throw new ApiException(429, "stream_limit_reached", held + " playback sessions already hold the plan's "
          + screens + (screens == 1 ? " screen" : " screens") + "; end one (DELETE /v1/playback/sessions/{id}) or"
          + " wait until one that is no longer renewed lapses (at most " + lease.toSeconds() + " s)");
    }
    return expires;
  }

  /** The origin's check for a valid media token: the session it names may still play. */
  public void checkForMedia(UrlSigner.Claims claims) {
    UUID id = sessionId(claims);
    SessionFacts facts = recent.getIfPresent(id);
    if (facts == null) {
      facts = dao.facts(id).orElseThrow(PlaybackSessions::unknown);
      recent.put(id, facts);
    }
    matches(facts, claims);
    stillLive(facts, clock.instant()).ifPresent(e -> {
      throw e;
    });
  }

  /** The key endpoint's check: fresh, and everything a grant checks that can change during a view. */
  public SessionFacts checkForKey(UrlSigner.Claims claims) {
    SessionFacts facts = dao.facts(sessionId(claims)).orElseThrow(PlaybackSessions::unknown);
    matches(facts, claims);
    mayPlay(facts, clock.instant());
    return facts;
  }

  /** Extends the caller's session by one lease after the key-time checks; the new expiry. */
  public Renewed renew(AccountPrincipal caller, String sessionId) {
    UUID id = parse(sessionId).orElseThrow(() -> ApiException.notFound("playback session", sessionId));
    SessionFacts facts = dao.facts(id)
        .filter(f -> f.accountId().equals(caller.accountId()) && f.deviceId().equals(caller.deviceId()))
        .orElseThrow(() -> ApiException.notFound("playback session", sessionId));
    Instant now = clock.instant();
    mayPlay(facts, now);
    Instant expires = Instant.ofEpochSecond(now.plus(lease).getEpochSecond());
    if (!dao.renew(id, now, expires)) {
      throw new ApiException(403, "session_expired", "playback session " + sessionId + " ended meanwhile");
    }
    recent.invalidate(id);
    return new Renewed(facts, expires);
  }

  /** A renewed session: its facts and its new expiry. */
  public record Renewed(SessionFacts facts, Instant expiresAt) {}

  /** The viewer stops watching: the session's tokens stop working at once on this instance. */
  public void end(AccountPrincipal caller, String sessionId) {
    UUID id = parse(sessionId).orElseThrow(() -> ApiException.notFound("playback session", sessionId));
    if (!dao.close(id, caller.accountId(), "ENDED", "ended_by_viewer", clock.instant())) {
      throw ApiException.notFound("playback session", sessionId);
    }
    recent.invalidate(id);
  }

  /** An operator revokes any session. */
  public void revoke(String sessionId, String reason) {
    UUID id = parse(sessionId).orElseThrow(() -> ApiException.notFound("playback session", sessionId));
    if (!dao.close(id, null, "REVOKED", reason, clock.instant())) {
      throw ApiException.notFound("playback session", sessionId);
    }
    recent.invalidate(id);
  }

  /** Called after a logout, a device removal or any login revocation on this instance. */
  public void forgetAll() {
    recent.invalidateAll();
  }

  private void mayPlay(SessionFacts f, Instant now) {
    stillLive(f, now).ifPresent(e -> {
      throw e;
    });
    Optional<PlansConfig.Plan> plan = Optional.ofNullable(f.plan()).map(p -> plans.getPlans().get(p));
    if (plan.isEmpty()) {
      throw new ApiException(402, "not_entitled", "the account has no plan that includes this title");
    }
    PlayableTitles.PlayableTitle title = titles.find(f.titleId())
        .orElseThrow(() -> ApiException.notFound("title", f.titleId()));
    if (title.title().maturityLevel() > f.maturityCeiling()) {
      throw new ApiException(403, "maturity_restricted", "rated " + title.title().maturityRating()
          + ", above this profile's ceiling of " + MaturityRating.ofLevel(f.maturityCeiling()).label());
    }
    PlaybackPolicy.availability(title.windows(), f.country(), now).ifPresent(d -> {
      throw new ApiException(d.status(), d.reason(), d.message());
    });
  }

  /** The refusal when the session itself, its login or its device no longer allow playing. */
  private static Optional<ApiException> stillLive(SessionFacts f, Instant now) {
    if (f.state().equals("REVOKED")) {
      return Optional.of(new ApiException(403, "session_revoked", "playback session " + f.id() + " was revoked"));
    }
    if (!f.state().equals("ACTIVE")) {
      return Optional.of(new ApiException(403, "session_ended", "playback session " + f.id() + " has ended"));
    }
    if (!now.isBefore(f.expiresAt())) {
      return Optional.of(new ApiException(403, "session_expired", "playback session " + f.id() + " expired at "
          + f.expiresAt() + " without a renewal; ask /v1/playback again"));
    }
    if (!f.loginActive()) {
      return Optional.of(new ApiException(403, "logged_out", "the login of playback session " + f.id()
          + " was signed out (" + f.loginRevokedReason() + ")"));
    }
    if (!f.deviceRegistered()) {
      return Optional.of(new ApiException(403, "device_not_registered", "device " + f.deviceId()
          + " was removed from the account"));
    }
    return Optional.empty();
  }

  /** The token's own claims must be the session's: a token is never moved to another session's title or device. */
  private static void matches(SessionFacts f, UrlSigner.Claims c) {
    if (!f.profileId().equals(c.profileId()) || !f.deviceId().equals(c.deviceId()) || !f.titleId().equals(c.titleId())) {
      throw new ApiException(403, "invalid_token", "the token does not match playback session " + f.id());
    }
  }

  private static UUID sessionId(UrlSigner.Claims claims) {
    return parse(claims.sessionId()).orElseThrow(PlaybackSessions::unknown);
  }

  private static Optional<UUID> parse(String id) {
    try {
      return id != null && id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ApiException unknown() {
    return new ApiException(403, "session_unknown", "the token names no playback session; ask /v1/playback again");
  }
}
