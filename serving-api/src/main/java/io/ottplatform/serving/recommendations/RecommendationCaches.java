package io.ottplatform.serving.recommendations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.ottplatform.serving.recommendations.db.RecommendationDao.ArmRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the two in-memory snapshots the recommendation rules read, so a request needs no query
 * besides its own profile's: the catalog facts (reloaded when the catalog outbox grows, and in full
 * every {@code catalogReload}) and the serving arms with their popular lists and the ranked lists of
 * their model versions (every {@code armsRefresh}, at most 10 s, so an export's switch shows within
 * seconds; a version's ranked lists are read once, when an arm first names it). A failed reload keeps
 * the previous snapshot and is reported by the health check.
 */
public final class RecommendationCaches implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(RecommendationCaches.class);

  private final RecommendationDao dao;
  private final ObjectMapper json;
  private final Duration armsRefresh;
  private final Duration catalogPoll;
  private final Duration catalogReload;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "recommendation-caches");
    t.setDaemon(true);
    return t;
  });

  private volatile CatalogFacts catalog = CatalogFacts.EMPTY;
  private volatile ServingArms arms = ServingArms.NONE;
  private volatile String catalogError = "not loaded yet";
  private volatile String armsError = "not loaded yet";
  private volatile Instant catalogOk;
  private volatile Instant armsOk;

  public RecommendationCaches(RecommendationDao dao, ObjectMapper json, Duration armsRefresh, Duration catalogPoll,
      Duration catalogReload, Clock clock) {
    this.dao = dao;
    this.json = json;
    this.armsRefresh = armsRefresh;
    this.catalogPoll = catalogPoll;
    this.catalogReload = catalogReload;
    this.clock = clock;
  }

  @Override
  public void start() {
    catalogOk = armsOk = clock.instant(); // the grace period of problem() starts now
    // the first load runs here so the first request already has data (unless the schema is not migrated yet)
    refreshCatalog();
    refreshArms();
    timer.scheduleWithFixedDelay(this::refreshCatalog, catalogPoll.toMillis(), catalogPoll.toMillis(), TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::refreshArms, armsRefresh.toMillis(), armsRefresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    timer.shutdownNow();
  }

  public CatalogFacts catalog() {
    return catalog;
  }

  public ServingArms arms() {
    return arms;
  }

  /**
   * What went wrong when a snapshot has not reloaded successfully for longer than {@code grace}, else
   * null. A grace period, because one failed reload (a database restart) changes nothing for viewers.
   */
  public String problem(Duration grace) {
    Instant limit = clock.instant().minus(grace);
    List<String> problems = new ArrayList<>();
    if (catalogError != null && catalogOk != null && catalogOk.isBefore(limit)) {
      problems.add("catalog snapshot not reloaded since " + catalogOk + ": " + catalogError);
    }
    if (armsError != null && armsOk != null && armsOk.isBefore(limit)) {
      problems.add("serving arms not reloaded since " + armsOk + ": " + armsError);
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  void refreshCatalog() {
    try {
      long change = dao.latestCatalogChange();
      CatalogFacts current = catalog;
      Instant now = clock.instant();
      boolean stale = current == CatalogFacts.EMPTY || change != current.changeId()
          || current.loadedAt().plus(catalogReload).isBefore(now);
      if (stale) {
        catalog = CatalogFacts.of(dao.titleFacts(), dao.windows(), change, now, json);
      }
      catalogError = null;
      catalogOk = now;
    } catch (RuntimeException e) {
      warnOnce(catalogError, e, "catalog snapshot for recommendations not reloaded; serving the previous one");
      catalogError = e.getMessage();
    }
  }

  void refreshArms() {
    try {
      List<ArmRow> rows = dao.arms();
      List<String> versions = rows.stream().map(ArmRow::modelVersion).distinct().toList();
      List<RecommendationModel> models = models(versions, arms, this::loadModel);
      arms = ServingArms.of(rows, dao.popular(versions), models, clock.instant());
      armsError = null;
      armsOk = clock.instant();
    } catch (RuntimeException e) {
      warnOnce(armsError, e, "rec_serving_arms not reloaded; serving the previous arms");
      armsError = e.getMessage();
    }
  }

  /**
   * The ranked lists for the versions the arms name now: a version already in memory is kept as it is
   * (the export never changes a version's rows once an arm can point at it), a version named for the
   * first time is read from the database, and a version no arm names any more is dropped with the old
   * snapshot. So the only invalidation is the arm switch itself, seen within {@code armsRefresh}.
   */
  static List<RecommendationModel> models(List<String> versions, ServingArms current,
      Function<String, RecommendationModel> load) {
    List<RecommendationModel> models = new ArrayList<>(versions.size());
    for (String version : versions) {
      models.add(current.loaded(version).orElseGet(() -> load.apply(version)));
    }
    return models;
  }

  private RecommendationModel loadModel(String version) {
    long start = System.nanoTime();
    RecommendationModel.Builder model = RecommendationModel.builder(version);
    dao.model(version, model);
    RecommendationModel loaded = model.build();
    LOG.info("model version {} loaded for serving: {} profiles, {} ranked rows in {} ms", version, loaded.profiles(),
        loaded.rows(), (System.nanoTime() - start) / 1_000_000);
    return loaded;
  }

  /** The stack trace once per kind of failure, not at every poll (e.g. while the schema is not migrated yet). */
  private static void warnOnce(String previousError, RuntimeException e, String message) {
    if (java.util.Objects.equals(previousError, e.getMessage())) {
      LOG.debug(message, e);
    } else {
      LOG.warn(message, e);
    }
  }
}
