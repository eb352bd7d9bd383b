package io.ottplatform.serving.playback;

import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.catalog.db.MediaAssetRow;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.config.PlansConfig;
import io.ottplatform.serving.playback.api.PlaybackGrant;
import io.ottplatform.serving.playback.api.PlaybackRequest;
import io.ottplatform.serving.playback.db.PlaybackFactsDao;
import io.ottplatform.serving.playback.api.PlaybackRenewal;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Gathers the facts, asks {@link PlaybackPolicy}, and turns a grant into signed URLs and tokens. */
public final class PlaybackService {

  private final PlaybackFactsDao facts;
  private final PlayableTitles titles;
  private final PlansConfig plans;
  private final PlaybackPolicy policy;
  private final SessionUrls urls;
  private final PlaybackSessions sessions;
  private final PlaybackTokenIssuer tokens;
  private final Clock clock;

  public PlaybackService(PlaybackFactsDao facts, PlayableTitles titles, PlansConfig plans,
      PlaybackPolicy policy, SessionUrls urls, PlaybackSessions sessions, PlaybackTokenIssuer tokens, Clock clock) {
    this.facts = facts;
    this.titles = titles;
    this.plans = plans;
    this.policy = policy;
    this.urls = urls;
    this.sessions = sessions;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * Two database round trips per grant: the viewer's facts (always fresh: a removed device or profile is refused at
   * once), then the session's insert, which also reserves a screen ({@link PlaybackSessions#start}); the title's
   * facts come from {@link PlayableTitles}.
   */
  public PlaybackGrant authorize(AccountPrincipal caller, PlaybackRequest request, Optional<String> country) {
    PlaybackFactsDao.Viewer viewer = facts.viewer(caller.accountId(), request.profileId(), caller.deviceId(),
            request.titleId())
        .orElseThrow(() -> ApiException.notFound("profile", request.profileId()));
    PlayableTitles.PlayableTitle playable = titles.find(request.titleId())
        .orElseThrow(() -> ApiException.notFound("title", request.titleId()));
    TitleRow title = playable.title();
    Instant now = clock.instant();
    PlaybackFacts decisionFacts = new PlaybackFacts(caller.accountId(),
        Optional.ofNullable(viewer.plan()).map(p -> plans.getPlans().get(p)), viewer.profile(), title,
        playable.windows(), playable.media().isPresent(), viewer.deviceRegistered(), country, now);
    PlaybackDecision decision = policy.decide(decisionFacts);
    if (!decision.granted()) {
      throw new ApiException(decision.status(), decision.reason(), decision.message());
    }
    // the policy granted, so the plan is known; the screens are reserved with the session (PlaybackSessions.start)
    return grant(caller, viewer, title, playable.media().get(), country.get(),
        decisionFacts.plan().get().getMaxStreams(), now);
  }

  /**
   * A new set of short-lived URLs for the caller's session, after the key-time checks (a removed device, a logout,
   * a revoked or ended session, a lost entitlement or a closed window refuse it); the session lives one more lease.
   */
  public PlaybackRenewal renew(AccountPrincipal caller, String sessionId) {
    PlaybackSessions.Renewed renewed = sessions.renew(caller, sessionId);
    var f = renewed.facts();
    MediaAssetRow asset = titles.find(f.titleId()).flatMap(PlayableTitles.PlayableTitle::media)
        .orElseThrow(() -> new ApiException(409, "media_not_ready", "title " + f.titleId() + " has no packaged media"));
    SessionUrls.Urls u = urls.sign(sessionId, f.profileId(), f.deviceId(), f.titleId(), asset.mediaPath(),
        renewed.expiresAt());
    return new PlaybackRenewal(sessionId, u.hlsUrl(), u.dashUrl(), u.hlsKeyUrl(), u.clearKeyLicenseUrl(),
        u.mediaToken(), u.expiresAt());
  }

  private PlaybackGrant grant(AccountPrincipal caller, PlaybackFactsDao.Viewer viewer, TitleRow title,
      MediaAssetRow asset, String country, int screens, Instant now) {
    ProfileRow profile = viewer.profile();
    UUID session = UUID.randomUUID();
    String sessionId = session.toString();
    Instant urlsExpire = sessions.start(session, caller, profile.id(), title.id(), country, screens, now);
    SessionUrls.Urls u = urls.sign(sessionId, profile.id(), caller.deviceId(), title.id(), asset.mediaPath(),
        urlsExpire);
    PlaybackTokenIssuer.Issued playbackToken = tokens.issue(profile.id(), caller.accountId(), title.id(), sessionId);
    long resume = viewer.progress()
        .filter(p -> p.durationMs() == null || p.positionMs() < p.durationMs() * 0.95)
        .map(PlaybackFactsDao.Progress::positionMs).orElse(0L);
    return new PlaybackGrant(sessionId, title.id(), profile.id(), u.hlsUrl(), u.dashUrl(), u.hlsKeyUrl(),
        u.clearKeyLicenseUrl(), Base64.getUrlEncoder().withoutPadding().encodeToString(asset.keyId()),
        urlsExpire, playbackToken.token(), playbackToken.expiresAt(), resume);
  }
}
