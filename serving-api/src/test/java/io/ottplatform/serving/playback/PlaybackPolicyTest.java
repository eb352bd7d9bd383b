package io.ottplatform.serving.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.guard.ActiveStreamsAnswer;
import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.config.ConcurrencyGuardConfig.WhenUnavailable;
import io.ottplatform.serving.config.PlansConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlaybackPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final PlansConfig.Plan TWO_STREAMS = new PlansConfig.Plan(5, 2);
  private static final ProfileRow ADULT = new ProfileRow("prof-a", "acc-1", "Ann", false, 18);
  private static final ProfileRow KIDS = new ProfileRow("prof-k", "acc-1", "Kim", true, 7);
  private static final WindowRow DE_OPEN = new WindowRow("DE", NOW.minusSeconds(3600), NOW.plusSeconds(3600));
  private static final WindowRow US_LATER = new WindowRow("US", NOW.plusSeconds(86400), NOW.plusSeconds(2 * 86400));

  /**
   * A guard that answers {@code active} streams (an answer of the shared contract type, the limit being
   * the guard's own default); empty = unavailable. The client's HTTP side is proven against the real
   * guard in RealGuardIT.
   */
  private static ConcurrencyGuardClient guard(OptionalInt active) {
    return new ConcurrencyGuardClient("http://guard.invalid", Duration.ofMillis(1)) {
      @Override
      public Lookup activeStreams(String accountId) {
        if (active.isEmpty()) {
          return Lookup.unavailable("test: guard down");
        }
        List<String> sessions = IntStream.range(0, active.getAsInt()).mapToObj(i -> "s" + i).toList();
        return Lookup.of(ActiveStreamsAnswer.of(accountId, sessions, 2));
      }
    };
  }

  private final GuardMetrics metrics = new GuardMetrics();
  private final PlaybackPolicy policy = new PlaybackPolicy(guard(OptionalInt.of(0)), WhenUnavailable.DENY, metrics);

  private static TitleRow title(String kind, String rating, int level) {
    return new TitleRow("tt-1", kind, "Title", "", null, null, null, 2020, 60_000L, rating, level, List.of(),
        List.of(), List.of(), "[]", List.of(), List.of(), 1, NOW);
  }

  private static PlaybackFacts facts(ProfileRow profile, TitleRow title, String country) {
    return new PlaybackFacts("acc-1", Optional.of(TWO_STREAMS), profile, title, List.of(DE_OPEN, US_LATER), true, true,
        Optional.ofNullable(country), NOW);
  }

  private static PlaybackDecision decide(PlaybackPolicy p, PlaybackFacts f) {
    return p.decide(f);
  }

  @Test
  void grantsAnAvailableTitleWithinMaturityAndLimits() {
    assertThat(decide(policy, facts(ADULT, title("movie", "16+", 16), "DE")).granted()).isTrue();
  }

  @Test
  void refusesAKidsProfileAnAdultTitle() {
    PlaybackDecision d = decide(policy, facts(KIDS, title("movie", "16+", 16), "DE"));

    assertThat(d).extracting(PlaybackDecision::status, PlaybackDecision::reason).containsExactly(403, "maturity_restricted");
  }

  @Test
  void tellsOutsideTheWindowFromNotLicensedInTheCountry() {
    TitleRow movie = title("movie", "ALL", 0);

    assertThat(decide(policy, facts(ADULT, movie, "US")).reason()).isEqualTo("outside_availability_window");
    assertThat(decide(policy, facts(ADULT, movie, "FR")))
        .extracting(PlaybackDecision::status, PlaybackDecision::reason).containsExactly(451, "not_available_in_country");
    assertThat(decide(policy, facts(ADULT, movie, null)).reason()).isEqualTo("country_unknown");
  }

  @Test
  void refusesWhatCannotBePlayedOrIsNotEntitled() {
    assertThat(decide(policy, facts(ADULT, title("series", "ALL", 0), "DE")).reason()).isEqualTo("not_playable");
    PlaybackFacts noPlan = new PlaybackFacts("acc-1", Optional.empty(), ADULT, title("movie", "ALL", 0),
        List.of(DE_OPEN), true, true, Optional.of("DE"), NOW);
    assertThat(decide(policy, noPlan)).extracting(PlaybackDecision::status, PlaybackDecision::reason)
        .containsExactly(402, "not_entitled");
    PlaybackFacts removedDevice = new PlaybackFacts("acc-1", Optional.of(TWO_STREAMS), ADULT, title("movie", "ALL", 0),
        List.of(DE_OPEN), true, false, Optional.of("DE"), NOW);
    assertThat(decide(policy, removedDevice).reason()).isEqualTo("device_not_registered");
    PlaybackFacts noMedia = new PlaybackFacts("acc-1", Optional.of(TWO_STREAMS), ADULT, title("episode", "ALL", 0),
        List.of(DE_OPEN), false, true, Optional.of("DE"), NOW);
    assertThat(decide(policy, noMedia).reason()).isEqualTo("media_not_ready");
  }

  @Test
  void refusesAtThePlansStreamLimit() {
    PlaybackPolicy busy = new PlaybackPolicy(guard(OptionalInt.of(2)), WhenUnavailable.ALLOW, metrics);
    PlaybackPolicy oneFree = new PlaybackPolicy(guard(OptionalInt.of(1)), WhenUnavailable.ALLOW, metrics);

    assertThat(decide(busy, facts(ADULT, title("movie", "ALL", 0), "DE")))
        .extracting(PlaybackDecision::status, PlaybackDecision::reason).containsExactly(429, "stream_limit_reached");
    assertThat(decide(oneFree, facts(ADULT, title("movie", "ALL", 0), "DE")).granted()).isTrue();
  }

  @Test
  void anUnreachableGuardFollowsTheConfiguredPolicy() {
    PlaybackFacts f = facts(ADULT, title("movie", "ALL", 0), "DE");

    assertThat(decide(new PlaybackPolicy(guard(OptionalInt.empty()), WhenUnavailable.ALLOW, metrics), f).granted()).isTrue();
    assertThat(decide(new PlaybackPolicy(guard(OptionalInt.empty()), WhenUnavailable.DENY, metrics), f))
        .extracting(PlaybackDecision::status, PlaybackDecision::reason)
        .containsExactly(503, "concurrency_guard_unavailable");
    assertThat(metrics.decisionsWithoutGuard(WhenUnavailable.ALLOW)).isEqualTo(1.0);
    assertThat(metrics.decisionsWithoutGuard(WhenUnavailable.DENY)).isEqualTo(1.0);
  }
}
