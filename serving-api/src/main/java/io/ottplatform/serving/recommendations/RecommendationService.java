package io.ottplatform.serving.recommendations;

import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.recommendations.CatalogFacts.Title;
import io.ottplatform.serving.recommendations.RecommendationModel.Ranked;
import io.ottplatform.serving.recommendations.RecommendationRules.Candidate;
import io.ottplatform.serving.recommendations.RecommendationRules.Pick;
import io.ottplatform.serving.recommendations.RecommendationRules.Source;
import io.ottplatform.serving.recommendations.RecommendationRules.Viewer;
import io.ottplatform.serving.recommendations.api.RecommendationsResponse;
import io.ottplatform.serving.recommendations.api.RecommendedTitle;
import io.ottplatform.serving.recommendations.db.RecommendationDao.ArmRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao.ImpressionRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao.ProfileFacts;
import io.ottplatform.serving.recommendations.db.RecommendationDao;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * "For you" and "similar titles": the arm's model list for the profile, then — for new profiles
 * (cold start) or lists the rules thinned out — the arm's popular titles in the viewer's country
 * (else for all countries), then available catalog titles newest first. So a list is empty only when
 * nothing in the catalog is available to the profile in the country.
 *
 * <p>Cost per request: one indexed query ({@link RecommendationDao#profileFacts}: ownership, ceiling,
 * finished titles — always fresh); the model's list, the popular lists and the catalog facts are the
 * in-memory snapshots of {@link RecommendationCaches}; the impression is queued, not written.
 */
public final class RecommendationService {

  public static final String FOR_YOU = "for_you";
  public static final String SIMILAR = "similar";
  /** Arm and model version recorded when rec_serving_arms is empty (no model exported yet). */
  public static final String NO_ARM = "none";

  private final RecommendationDao dao;
  private final RecommendationCaches caches;
  private final RecommendationRules rules;
  private final ImpressionWriter impressions;
  private final RecommendationMetrics metrics;
  private final Clock clock;

  public RecommendationService(RecommendationDao dao, RecommendationCaches caches, RecommendationRules rules,
      ImpressionWriter impressions, RecommendationMetrics metrics, Clock clock) {
    this.dao = dao;
    this.caches = caches;
    this.rules = rules;
    this.impressions = impressions;
    this.metrics = metrics;
    this.clock = clock;
  }

  public RecommendationsResponse forYou(String accountId, String profileId, Optional<String> country, int limit) {
    ProfileFacts viewer = dao.profileFacts(accountId, profileId)
        .orElseThrow(() -> ApiException.notFound("profile", profileId));
    ServingArms arms = caches.arms();
    Optional<ArmRow> arm = arms.assign(profileId);
    Ranked ranked = arm.map(a -> arms.model(a.modelVersion()).forProfile(profileId)).orElse(Ranked.EMPTY);
    return answer(FOR_YOU, profileId, null, country, limit, arms, arm, viewer, ranked, Set.of(), null);
  }

  public RecommendationsResponse similar(String accountId, String profileId, String titleId, Optional<String> country,
      int limit) {
    ProfileFacts viewer = dao.profileFacts(accountId, profileId)
        .orElseThrow(() -> ApiException.notFound("profile", profileId));
    ServingArms arms = caches.arms();
    Optional<ArmRow> arm = arms.assign(profileId);
    Ranked ranked = arm.map(a -> arms.model(a.modelVersion()).similarTo(titleId)).orElse(Ranked.EMPTY);
    CatalogFacts catalog = caches.catalog();
    Instant now = clock.instant();
    // the anchor is hidden like in title details: unknown, too mature or unavailable here is a 404
    Title anchor = catalog.title(titleId)
        .filter(t -> t.maturityLevel() <= viewer.maturityCeiling() && country.isPresent() && t.availableIn(country.get(), now))
        .orElseThrow(() -> ApiException.notFound("title", titleId));
    return answer(SIMILAR, profileId, titleId, country, limit, arms, arm, viewer, ranked, Set.of(titleId),
        anchor.primaryGenre());
  }

  private RecommendationsResponse answer(String surface, String profileId, String titleId, Optional<String> country,
      int limit, ServingArms arms, Optional<ArmRow> arm, ProfileFacts viewer, Ranked ranked, Set<String> excluded,
      String anchorGenre) {
    CatalogFacts catalog = caches.catalog();
    Instant now = clock.instant();
    String countryCode = country.orElse(null);
    List<Iterable<Candidate>> stages = new ArrayList<>(4);
    stages.add(personalized(ranked));
    arm.ifPresent(a -> stages.add(popular(arms.popular(a.modelVersion(), countryCode))));
    if (anchorGenre != null) {
      stages.add(catalogTitles(catalog, anchorGenre)); // a title's neighbours without a model: its genre first
    }
    stages.add(catalogTitles(catalog, null));
    List<Pick> picks = rules.pick(catalog,
        new Viewer(viewer.maturityCeiling(), countryCode, viewer.finished(), excluded, now), stages, limit);

    String armName = arm.map(ArmRow::arm).orElse(NO_ARM);
    String version = arm.map(ArmRow::modelVersion).orElse(null);
    String source = picks.isEmpty() ? Source.CATALOG.id() : picks.get(0).source().id();
    String requestId = requestId().toString();
    List<RecommendedTitle> items = picks.stream().map(RecommendationService::item).toList();
    if (!items.isEmpty()) {
      impressions.record(new ImpressionRow(now, requestId, profileId, surface, armName,
          Objects.requireNonNullElse(version, NO_ARM), items.stream().map(RecommendedTitle::id).toList(),
          arm.isPresent() ? arms.experimentId() : null, arm.isPresent() ? arms.split() : Map.of()));
    }
    metrics.served(surface, source, armName);
    if (Source.PERSONALIZED.id().equals(source) && picks.get(picks.size() - 1).source() != Source.PERSONALIZED) {
      metrics.toppedUp(surface);
    }
    return new RecommendationsResponse(requestId, surface, profileId, titleId, countryCode, armName, version, source, items);
  }

  private static RecommendedTitle item(Pick p) {
    Title t = p.title();
    return new RecommendedTitle(t.id(), t.kind(), t.name(), t.releaseYear(), t.maturityRating(), t.genres(),
        t.artwork(), p.score(), p.source().id());
  }

  /**
   * A random (version 4) UUID from a non-cryptographic generator: the id only joins a later play to the
   * impression, nothing is authorised by it, and {@link UUID#randomUUID()}'s SecureRandom showed up in
   * the profile at 1,000 requests/s.
   */
  static UUID requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(high, low);
  }

  private static Iterable<Candidate> personalized(Ranked ranked) {
    return () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < ranked.size();
      }

      @Override
      public Candidate next() {
        Candidate c = new Candidate(ranked.titleIds()[i], ranked.scores()[i], Source.PERSONALIZED);
        i++;
        return c;
      }
    };
  }

  private static Iterable<Candidate> popular(List<ServingArms.Popular> popular) {
    return () -> popular.stream().map(p -> new Candidate(p.titleId(), p.score(), Source.POPULAR)).iterator();
  }

  /** Lazy: the catalog is walked only as far as the list still needs titles. */
  private static Iterable<Candidate> catalogTitles(CatalogFacts catalog, String genre) {
    return () -> catalog.newestFirst().stream()
        .filter(t -> genre == null || genre.equals(t.primaryGenre()))
        .map(t -> new Candidate(t.id(), null, Source.CATALOG)).iterator();
  }
}
