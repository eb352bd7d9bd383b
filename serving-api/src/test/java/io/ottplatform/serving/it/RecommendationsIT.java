package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.serving.recommendations.ServingArms;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recommendations and similar titles over the real PostgreSQL: the contract tables are filled
 * directly, as the recommender's export would (a new version's rows first, then the switch of an arm
 * to it — serving reads a version's ranked lists once, when an arm first names it), and the endpoints
 * apply the request-time rules.
 */
class RecommendationsIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      tempDir(),
      ConfigOverride.config("recommendations.armsRefresh", "100 milliseconds"),
      ConfigOverride.config("recommendations.catalogPoll", "100 milliseconds"),
      ConfigOverride.config("recommendations.impressionFlush", "50 milliseconds"));

  private static Api de;
  private static Api fr;
  private static Session admin;
  /** A profile whose recommendations show which arm and model version serve. */
  private static Session probe;
  /** title name → id */
  private static final Map<String, String> T = new LinkedHashMap<>();

  @BeforeAll
  static void migrateAndSeedTheCatalog() throws Exception {
    ServingApp.migrate(APP);
    de = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    fr = new Api(APP).withHeader("CloudFront-Viewer-Country", "FR");
    admin = de.adminLogin("admin@example.com", "cms");
    movie("ok-1", "ALL", "Comedy", Api.openIn("DE"));
    movie("ok-2", "7+", "Action", Api.openIn("DE"));
    movie("finished", "ALL", "Comedy", Api.openIn("DE"));
    movie("fr-only", "ALL", "Comedy", Api.openIn("FR"));
    movie("too-mature", "16+", "Comedy", Api.openIn("DE"));
    movie("popular-de", "ALL", "Family", Api.openIn("DE"));
    movie("new-v2", "ALL", "Family", Api.openIn("DE"));
    for (int i = 0; i < 6; i++) {
      movie("drama-" + i, "ALL", "Drama", Api.openIn("DE"));
    }
    for (int i = 0; i < 3; i++) {
      movie("thriller-" + i, "ALL", "Thriller", Api.openIn("DE"));
    }
    sql("INSERT INTO rec_models (model_version, run_id, algorithm, metric_name, metric_value) VALUES "
        + "('v1', 'run-1', 'als', 'ndcg@10', 0.3), ('v2', 'run-2', 'als', 'ndcg@10', 0.35)");
    sql("INSERT INTO rec_popular_titles VALUES ('v1', 'DE', 1, ?, 9), ('v1', 'DE', 2, ?, 8), "
        + "('v2', 'DE', 1, ?, 9)", T.get("popular-de"), T.get("ok-1"), T.get("new-v2"));
    setArms(Map.of("control", "v1"), Map.of("control", 100));
    // the catalog snapshot follows the outbox: wait until the last title is recommendable
    probe = de.withProfile(de.signUpAndLogin("probe@example.com", "tv"), "Probe", false);
    eventually("snapshot has the catalog", () -> recs(de, probe, 50),
        r -> ids(r).contains(T.get("drama-5")) && ids(r).contains(T.get("popular-de")));
  }

  @AfterEach
  void backToControlOnV1() throws Exception {
    setArms(Map.of("control", "v1"), Map.of("control", 100));
    // the next test starts from this state: wait until it serves
    eventually("back on control with v1", () -> recs(de, probe, 1),
        r -> r.text("arm").equals("control") && r.text("modelVersion").equals("v1"));
  }

  @Test
  void finishedGeoBlockedAndTooMatureTitlesNeverAppear() throws Exception {
    Session kid = de.withProfile(de.signUpAndLogin("kid@example.com", "tablet"), "Kid", true); // ceiling 7+
    export("v-rules", Map.of(kid, List.of("finished", "fr-only", "too-mature", "ok-1", "ok-2")));
    assertThat(ids(recs(de, kid, 20))).as("not finished yet").contains(T.get("finished"));
    // finished a moment ago: the next request must already leave it out (progress is read per request)
    Reply progress = de.put("/v1/progress", kid.accessToken(),
        Map.of("profileId", kid.profileId(), "titleId", T.get("finished"), "positionMs", 5_200_000));
    assertThat(progress.status()).isEqualTo(204);

    Reply r = recs(de, kid, 20);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("source")).isEqualTo("personalized");
    assertThat(r.text("arm")).isEqualTo("control");
    assertThat(r.text("modelVersion")).isEqualTo("v-rules");
    assertThat(r.text("requestId")).isNotBlank();
    assertThat(ids(r)).startsWith(T.get("ok-1"), T.get("ok-2"))
        .doesNotContain(T.get("finished"), T.get("fr-only"), T.get("too-mature"))
        .as("topped up from popular and catalog titles").hasSizeGreaterThan(2);
    assertThat(r.json().path("items").get(0).path("score").asDouble()).isPositive();
  }

  @Test
  void aBrandNewProfileGetsPopularInItsCountryThenAvailableCatalogTitles() {
    Session fresh = de.withProfile(de.signUpAndLogin("fresh@example.com", "tv"), "Fresh", false);

    Reply inGermany = recs(de, fresh, 20);
    assertThat(inGermany.text("source")).isEqualTo("popular");
    assertThat(ids(inGermany)).startsWith(T.get("popular-de"), T.get("ok-1"));

    Reply inFrance = recs(fr, fresh, 20); // v1 has no French (nor '*') popular list
    assertThat(inFrance.text("source")).isEqualTo("catalog");
    assertThat(ids(inFrance)).containsExactly(T.get("fr-only"));
  }

  @Test
  void genreDiversityLimitHoldsInTheTopTen() throws Exception {
    Session s = de.withProfile(de.signUpAndLogin("drama@example.com", "tv"), "Drama fan", false);
    export("v-drama", Map.of(s, List.of("drama-0", "drama-1", "drama-2", "drama-3", "drama-4", "drama-5", "ok-1", "ok-2")));

    Reply r = recs(de, s, 20);

    List<String> genres = new ArrayList<>();
    r.json().path("items").forEach(i -> genres.add(i.path("genres").get(0).asText()));
    assertThat(genres.subList(0, 10).stream().filter("Drama"::equals).count()).isEqualTo(3);
    assertThat(ids(r).subList(0, 5)).containsExactly(T.get("drama-0"), T.get("drama-1"), T.get("drama-2"),
        T.get("ok-1"), T.get("ok-2"));
  }

  @Test
  void armAssignmentIsStableAndFollowsTrafficPercent() throws Exception {
    Session s = de.withProfile(de.signUpAndLogin("ab@example.com", "tv"), "AB", false);
    boolean inFirstTen = ServingArms.bucket(s.profileId()) < 10;
    // "candidate" sorts before "control", so it owns buckets 0..9 at 10 %
    setArms(Map.of("candidate", "v2", "control", "v1"), Map.of("candidate", 10, "control", 90));
    String expected = inFirstTen ? "candidate" : "control";
    eventually("arms reloaded", () -> recs(de, s, 5), r -> r.text("arm").equals(expected));
    for (int i = 0; i < 5; i++) {
      assertThat(recs(de, s, 5).text("arm")).isEqualTo(expected);
    }

    setArms(Map.of("candidate", "v2", "control", "v1"), Map.of("candidate", 100, "control", 0));
    Reply all = eventually("everyone on candidate", () -> recs(de, s, 5), r -> r.text("arm").equals("candidate"));
    assertThat(all.text("modelVersion")).isEqualTo("v2");
  }

  @Test
  void switchingTheControlArmToANewModelVersionShowsAfterTheRefresh() throws Exception {
    Session s = de.withProfile(de.signUpAndLogin("switch@example.com", "tv"), "Switch", false);
    export("v-old", Map.of(s, List.of("ok-2")));
    assertThat(ids(recs(de, s, 5)).get(0)).isEqualTo(T.get("ok-2"));
    newVersion("v-new");
    rows("v-new", s.profileId(), "new-v2");

    setArms(Map.of("control", "v-new"), Map.of("control", 100));

    Reply switched = eventually("control on v-new", () -> recs(de, s, 5), r -> r.text("modelVersion").equals("v-new"));
    assertThat(ids(switched).get(0)).as("the new version's list, loaded on the switch").isEqualTo(T.get("new-v2"));

    setArms(Map.of("control", "v-old"), Map.of("control", 100)); // a rollback: the dropped version is read again
    Reply back = eventually("control back on v-old", () -> recs(de, s, 5), r -> r.text("modelVersion").equals("v-old"));
    assertThat(ids(back).get(0)).isEqualTo(T.get("ok-2"));
  }

  @Test
  void anotherAccountsProfileIsNotFoundAndAnonymousCallersAreRefused() {
    Session owner = de.withProfile(de.signUpAndLogin("owner@example.com", "tv"), "Owner", false);
    Session other = de.signUpAndLogin("other@example.com", "tv");

    assertThat(de.get("/v1/recommendations?profileId=" + owner.profileId(), other.accessToken()).status()).isEqualTo(404);
    assertThat(de.get("/v1/titles/" + T.get("ok-1") + "/similar?profileId=" + owner.profileId(), other.accessToken())
        .status()).isEqualTo(404);
    assertThat(de.get("/v1/recommendations?profileId=" + owner.profileId(), null).status()).isEqualTo(401);
    assertThat(de.get("/v1/recommendations?profileId=" + owner.profileId() + "&limit=500", owner.accessToken()).status())
        .isEqualTo(400);
  }

  @Test
  void similarTitlesFollowTheModelWithoutTheAnchorAndHideAnUnavailableAnchor() throws Exception {
    Session s = de.withProfile(de.signUpAndLogin("similar@example.com", "tv"), "Similar", false);
    newVersion("v-similar");
    sql("INSERT INTO rec_similar_titles VALUES ('v-similar', ?, 1, ?, 0.9), ('v-similar', ?, 2, ?, 0.8), "
        + "('v-similar', ?, 3, ?, 0.7)", T.get("ok-1"), T.get("fr-only"), T.get("ok-1"), T.get("drama-3"), T.get("ok-1"),
        T.get("ok-1"));
    serve("v-similar", s);

    Reply r = de.get("/v1/titles/" + T.get("ok-1") + "/similar?profileId=" + s.profileId() + "&limit=5", s.accessToken());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text("surface")).isEqualTo("similar");
    assertThat(r.text("source")).isEqualTo("personalized");
    assertThat(ids(r)).startsWith(T.get("drama-3")).doesNotContain(T.get("ok-1"), T.get("fr-only")).hasSize(5);
    assertThat(de.get("/v1/titles/" + T.get("fr-only") + "/similar?profileId=" + s.profileId(), s.accessToken())
        .status()).isEqualTo(404);
  }

  @Test
  void everyNonEmptyResponseIsRecordedAsAnImpression() throws Exception {
    Session s = de.withProfile(de.signUpAndLogin("seen@example.com", "tv"), "Seen", false);
    Reply r = recs(de, s, 3);

    List<String> recorded = eventually("impression written", () -> impression(r.text("requestId")), row -> !row.isEmpty());

    assertThat(recorded).containsExactly(s.profileId(), "for_you", "control", "v1", String.join(",", ids(r)));
    String metrics = APP.client().target("http://localhost:" + APP.getAdminPort() + "/prometheus").request().get(String.class);
    assertThat(metrics).contains("ott_recommendations_served_total{surface=\"for_you\",source=\"popular\",arm=\"control\",}")
        .contains("ott_recommendations_impressions_total{outcome=\"written\",}");
  }

  // ---- helpers

  private static Reply recs(Api api, Session s, int limit) {
    Reply r = api.get("/v1/recommendations?profileId=" + s.profileId() + "&limit=" + limit, s.accessToken());
    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    return r;
  }

  private static List<String> ids(Reply r) {
    return StreamSupport.stream(r.json().path("items").spliterator(), false).map(i -> i.path("id").asText()).toList();
  }

  private static void movie(String name, String rating, String genre, Object availability) {
    Reply created = de.post("/v1/admin/titles", admin.accessToken(), Api.title("movie", name, rating, List.of(genre), availability));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    T.put(name, created.text("id"));
  }

  /** What the export does: a new version with the profiles' ranked lists, then control switched to it. */
  private static void export(String version, Map<Session, List<String>> lists) throws Exception {
    newVersion(version);
    for (var e : lists.entrySet()) {
      rows(version, e.getKey().profileId(), e.getValue().toArray(String[]::new));
    }
    serve(version, lists.keySet().iterator().next());
  }

  private static void newVersion(String version) throws Exception {
    sql("INSERT INTO rec_models (model_version, run_id, algorithm, metric_name, metric_value) "
        + "VALUES (?, ?, 'als', 'ndcg@10', 0.3)", version, "run-" + version);
  }

  /** Control on the version, once the arms reload shows it to the profile. */
  private static void serve(String version, Session probe) throws Exception {
    setArms(Map.of("control", version), Map.of("control", 100));
    eventually("control on " + version, () -> recs(de, probe, 1), r -> r.text("modelVersion").equals(version));
  }

  /** The model's ranked list for a profile, as the export writes it. */
  private static void rows(String version, String profileId, String... titleNames) throws Exception {
    for (int i = 0; i < titleNames.length; i++) {
      sql("INSERT INTO rec_profile_titles VALUES (?, ?, ?, ?, ?)", version, profileId, i + 1, T.get(titleNames[i]),
          (float) (1.0 - i * 0.05));
    }
  }

  /** Replaces the arms in one transaction, like the export's switch. */
  private static void setArms(Map<String, String> versions, Map<String, Integer> percents) throws Exception {
    try (Connection c = DB.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM rec_serving_arms")) {
        del.executeUpdate();
      }
      for (var e : versions.entrySet()) {
        try (PreparedStatement ins = c.prepareStatement(
            "INSERT INTO rec_serving_arms (arm, model_version, traffic_percent) VALUES (?, ?, ?)")) {
          ins.setString(1, e.getKey());
          ins.setString(2, e.getValue());
          ins.setInt(3, percents.get(e.getKey()));
          ins.executeUpdate();
        }
      }
      c.commit();
    }
  }

  private static List<String> impression(String requestId) {
    try (Connection c = DB.connect(); PreparedStatement q = c.prepareStatement(
        "SELECT profile_id, surface, arm, model_version, array_to_string(title_ids, ',') FROM rec_impressions WHERE request_id = ?")) {
      q.setString(1, requestId);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return List.of();
        }
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
          row.add(rs.getString(i));
        }
        return row;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sql(String statement, Object... args) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  private static <T> T eventually(String what, java.util.function.Supplier<T> probe, Predicate<T> done) {
    return await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(probe::get, done);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ott-origin-recs-");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
