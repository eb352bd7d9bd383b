package io.ottplatform.serving.playback;

import io.ottplatform.schemas.guard.ActiveStreamsAnswer;
import io.ottplatform.serving.catalog.Availability;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.common.MaturityRating;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.config.ConcurrencyGuardConfig.WhenUnavailable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides whether a profile may watch a title here and now. Checks run from
 * the cheapest and most fundamental to the one that costs a network call, and the first failing
 * check is the answer:
 *
 * <ol>
 *   <li>playable: a movie or episode (422 {@code not_playable}) with packaged media (409 {@code media_not_ready});
 *   <li>entitlement: the account's plan is known (402 {@code not_entitled});
 *   <li>device: the caller's device is still registered (403 {@code device_not_registered});
 *   <li>maturity: the title is within the profile's ceiling (403 {@code maturity_restricted});
 *   <li>availability: the viewer's country is known (451 {@code country_unknown}) and a window for it
 *       is open now (451 {@code outside_availability_window} when the country has windows but none
 *       open, else 451 {@code not_available_in_country});
 *   <li>concurrent streams below the plan's limit (429 {@code stream_limit_reached}), the active streams
 *       counted by the guard; when the guard is unavailable, {@link WhenUnavailable}: ALLOW grants, DENY
 *       refuses with 503 {@code concurrency_guard_unavailable}, and {@link GuardMetrics} counts either.
 * </ol>
 *
 * <p>A grant this policy allows still has to reserve a screen: {@link PlaybackSessions#start} records the session
 * only while the account's ACTIVE, unexpired sessions are fewer than the plan's screens, decided under a lock (429
 * {@code stream_limit_reached} too). That count is the limit; the guard is a second signal that can only refuse
 * earlier (it also sees streams still sending heartbeats after their session ended), never allow more, and ALLOW
 * without it no longer means "no limit".
 *
 * <p>The limit is the plan's as this service knows it (the accounts' owner); the guard's own
 * {@code limit} (from account.plans, or its default) only shapes the violations it reports.
 */
public final class PlaybackPolicy {

  private final ConcurrencyGuardClient guard;
  private final WhenUnavailable whenGuardUnavailable;
  private final GuardMetrics metrics;

  public PlaybackPolicy(ConcurrencyGuardClient guard, WhenUnavailable whenGuardUnavailable, GuardMetrics metrics) {
    this.guard = guard;
    this.whenGuardUnavailable = whenGuardUnavailable;
    this.metrics = metrics;
  }

  /**
   * The refusal when no window for {@code country} is open at {@code now}; the grant and the key endpoint
   * (PlaybackSessions, for the country the session was granted in) ask the same question.
   */
  public static Optional<PlaybackDecision> availability(List<WindowRow> windows, String country, Instant now) {
    if (country == null || country.isBlank()) {
      return Optional.of(PlaybackDecision.refuse(451, "country_unknown", "the viewer's country could not be determined"));
    }
    if (Availability.isAvailable(windows, country, now)) {
      return Optional.empty();
    }
    return Optional.of(Availability.hasWindowIn(windows, country)
        ? PlaybackDecision.refuse(451, "outside_availability_window", "not available in " + country + " at this time")
        : PlaybackDecision.refuse(451, "not_available_in_country", "not available in " + country));
  }

  /**
   * What a grant would answer about {@code title} for a profile with {@code maturityCeiling} in {@code country} at
   * {@code now}, leaving out what belongs to the account and the device (plan, device, media, streams): a watch
   * progress report is refused with the same answer (ProgressResource).
   */
  public static Optional<PlaybackDecision> mayWatch(TitleRow title, List<WindowRow> windows, int maturityCeiling,
      Optional<String> country, Instant now) {
    if (!CatalogService.isPlayable(title)) {
      return Optional.of(notPlayable(title));
    }
    if (title.maturityLevel() > maturityCeiling) {
      return Optional.of(aboveCeiling(title, maturityCeiling));
    }
    return availability(windows, country.orElse(null), now);
  }

  private static PlaybackDecision notPlayable(TitleRow title) {
    return PlaybackDecision.refuse(422, "not_playable", "a " + title.kind() + " is not playable; pick an episode");
  }

  private static PlaybackDecision aboveCeiling(TitleRow title, int maturityCeiling) {
    return PlaybackDecision.refuse(403, "maturity_restricted", "rated " + title.maturityRating()
        + ", above this profile's ceiling of " + MaturityRating.ofLevel(maturityCeiling).label());
  }

  public PlaybackDecision decide(PlaybackFacts f) {
    if (!CatalogService.isPlayable(f.title())) {
      return notPlayable(f.title());
    }
    if (!f.hasMedia()) {
      return PlaybackDecision.refuse(409, "media_not_ready", "the title has no packaged media yet");
    }
    if (f.plan().isEmpty()) {
      return PlaybackDecision.refuse(402, "not_entitled", "the account has no plan that includes this title");
    }
    if (!f.deviceRegistered()) {
      return PlaybackDecision.refuse(403, "device_not_registered", "this device was removed from the account");
    }
    if (f.title().maturityLevel() > f.profile().maturityCeiling()) {
      return aboveCeiling(f.title(), f.profile().maturityCeiling());
    }
    if (f.country().isEmpty()) {
      return PlaybackDecision.refuse(451, "country_unknown", "the viewer's country could not be determined");
    }
    Optional<PlaybackDecision> unavailable = availability(f.windows(), f.country().get(), f.now());
    if (unavailable.isPresent()) {
      return unavailable.get();
    }
    int limit = f.plan().get().getMaxStreams();
    ConcurrencyGuardClient.Lookup lookup = guard.activeStreams(f.accountId());
    if (!lookup.available()) {
      metrics.decidedWithoutGuard(whenGuardUnavailable);
      return whenGuardUnavailable == WhenUnavailable.ALLOW
          ? PlaybackDecision.grant()
          : PlaybackDecision.refuse(503, "concurrency_guard_unavailable", "cannot check concurrent streams; retry shortly");
    }
    ActiveStreamsAnswer active = lookup.answer().get();
    if (active.activeStreams() >= limit) {
      return PlaybackDecision.refuse(429, "stream_limit_reached",
          active.activeStreams() + " streams already playing; the plan allows " + limit);
    }
    return PlaybackDecision.grant();
  }
}
