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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
  private final UrlSigner signer;
  private final PlaybackTokenIssuer tokens;
  private final String baseUrl;
  private final Duration urlTtl;
  private final Clock clock;

  public PlaybackService(PlaybackFactsDao facts, PlayableTitles titles, PlansConfig plans,
      PlaybackPolicy policy, UrlSigner signer, PlaybackTokenIssuer tokens, String baseUrl, Duration urlTtl, Clock clock) {
    this.facts = facts;
    this.titles = titles;
    this.plans = plans;
    this.policy = policy;
    this.signer = signer;
    this.tokens = tokens;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.urlTtl = urlTtl;
    this.clock = clock;
  }

  /**
   * One database round trip per grant (the viewer's facts, always fresh: a removed device or profile
   * is refused at once); the title's facts come from {@link PlayableTitles}.
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
    return grant(caller, viewer, title, playable.media().get(), now);
  }

  private PlaybackGrant grant(AccountPrincipal caller, PlaybackFactsDao.Viewer viewer, TitleRow title,
      MediaAssetRow asset, Instant now) {
    ProfileRow profile = viewer.profile();
    String sessionId = UUID.randomUUID().toString();
    Instant urlsExpire = now.plus(urlTtl);
    String mediaToken = signer.sign(asset.mediaPath() + "/*", urlsExpire);
    String keyToken = URLEncoder.encode(signer.sign(keyAcl(title.id()), urlsExpire), StandardCharsets.UTF_8);
    String mediaBase = baseUrl + "/media/" + mediaToken + "/" + asset.mediaPath();
    PlaybackTokenIssuer.Issued playbackToken = tokens.issue(profile.id(), caller.accountId(), title.id(), sessionId);
    long resume = viewer.progress()
        .filter(p -> p.durationMs() == null || p.positionMs() < p.durationMs() * 0.95)
        .map(PlaybackFactsDao.Progress::positionMs).orElse(0L);
    return new PlaybackGrant(sessionId, title.id(), profile.id(),
        mediaBase + "/master.m3u8", mediaBase + "/manifest.mpd",
        baseUrl + "/v1/keys/hls/" + title.id() + "?token=" + keyToken,
        baseUrl + "/v1/keys/clearkey/" + title.id() + "?token=" + keyToken,
        Base64.getUrlEncoder().withoutPadding().encodeToString(asset.keyId()),
        Instant.ofEpochSecond(urlsExpire.getEpochSecond()), playbackToken.token(), playbackToken.expiresAt(), resume);
  }

  /** The path a key token is scoped to. */
  public static String keyAcl(String titleId) {
    return "keys/" + titleId;
  }
}
