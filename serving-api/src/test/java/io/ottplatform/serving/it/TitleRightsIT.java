package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a profile may see and record about a title (issue #14): title details show only the viewer's country's
 * windows and only the children the profile could open itself; watch progress is refused for a title the profile
 * may not watch, with the answer a grant would give.
 */
class TitleRightsIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      ServingApp.extension(DB, origin());

  private static final Instant NOW = Instant.now();
  private static final Map<String, String> DE_OPEN = window("DE", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
  private static final Map<String, String> US_OPEN = window("US", NOW.minus(Duration.ofDays(5)), NOW.plus(Duration.ofDays(9)));
  private static final Map<String, String> FR_LATER = window("FR", NOW.plus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(90)));
  private static final Map<String, String> DE_LATER = window("DE", NOW.plus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(40)));

  private static Api de;
  private static Session editor;
  private static Session adult;
  private static Session kid;
  private static String series;
  private static String forKids;
  private static String tooMature;
  private static String usOnly;
  private static String notYet;

  @BeforeAll
  static void seed() throws Exception {
    ServingApp.migrate(APP);
    de = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    de.signUpAndLogin("editor@example.com", "cms");
    try (Connection c = DB.connect();
        PreparedStatement ps = c.prepareStatement("UPDATE accounts SET role = 'editor' WHERE email = ?")) {
      ps.setString(1, "editor@example.com");
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    editor = de.login("editor@example.com", "cms");
    adult = de.withProfile(de.signUpAndLogin("family@example.com", "tv"), "Parent", false);
    kid = de.withProfile(adult, "Kid", true); // a kids profile: ceiling 7+

    series = create(Api.title("series", "Harbour Lights", "7+", List.of("Drama"), List.of(DE_OPEN, US_OPEN, FR_LATER)));
    forKids = episode(1, "The Lighthouse", "ALL", List.of()); // governed by the series' windows
    tooMature = episode(2, "The Storm", "16+", List.of());
    usOnly = episode(3, "Stateside Special", "ALL", List.of(US_OPEN));
    notYet = episode(4, "Next Week", "ALL", List.of(DE_LATER));
  }

  // ---- title details

  @Test
  void titleDetailsShowOnlyTheViewersCountrysWindows() {
    JsonNode details = details(adult, series);
    assertThat(details.path("availability").findValuesAsText("country")).containsExactly("DE");
    assertThat((long) details.path("availability").get(0).path("endsAt").asDouble())
        .as("the DE window itself").isEqualTo(Instant.parse(DE_OPEN.get("endsAt")).getEpochSecond());

    JsonNode episode = details(adult, forKids);
    assertThat(episode.path("availability").findValuesAsText("country"))
        .as("an episode without windows shows the series' window that governs it, in DE only").containsExactly("DE");

    Reply inUs = new Api(APP).withHeader("CloudFront-Viewer-Country", "US")
        .get("/v1/catalog/titles/" + series + "?profileId=" + adult.profileId(), adult.accessToken());
    assertThat(inUs.json().path("availability").findValuesAsText("country")).containsExactly("US");
  }

  @Test
  void titleDetailsListOnlyChildrenTheProfileCouldOpen() {
    assertThat(childIds(details(kid, series))).as("kids profile in DE").containsExactly(forKids);
    assertThat(childIds(details(adult, series))).as("adult profile in DE").containsExactly(forKids, tooMature);
    Reply hidden = de.get("/v1/catalog/titles/" + tooMature + "?profileId=" + kid.profileId(), kid.accessToken());
    assertThat(hidden.status()).as("the child the list hides is hidden on its own too").isEqualTo(404);
  }

  @Test
  void editorsStillSeeEveryWindowAndEveryChild() {
    JsonNode view = de.get("/v1/admin/titles/" + series, editor.accessToken()).json();
    assertThat(view.path("availability").findValuesAsText("country")).containsExactlyInAnyOrder("DE", "US", "FR");
    assertThat(childIds(view)).containsExactlyInAnyOrder(forKids, tooMature, usOnly, notYet);
  }

  // ---- progress

  @Test
  void progressIsRefusedForATitleAboveTheProfilesCeilingAndNothingIsWritten() {
    Reply r = report(de, kid, tooMature);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text("reason")).isEqualTo("maturity_restricted");
    assertThat(r.text("message")).contains("16+").contains("7+");
    assertThat(de.get("/v1/progress/" + kid.profileId() + "/" + tooMature, kid.accessToken()).status())
        .as("nothing recorded").isEqualTo(404);
    assertThat(report(de, adult, tooMature).status()).as("the adult profile may").isEqualTo(204);
  }

  @Test
  void progressIsRefusedForATitleNotAvailableInTheViewersCountryAsAGrantWouldBe() {
    Reply elsewhere = report(de, adult, usOnly);
    assertThat(elsewhere.status()).isEqualTo(451);
    assertThat(elsewhere.text("reason")).isEqualTo("not_available_in_country");

    Reply later = report(de, adult, notYet);
    assertThat(later.status()).isEqualTo(451);
    assertThat(later.text("reason")).isEqualTo("outside_availability_window");

    Reply noCountry = report(new Api(APP), adult, forKids);
    assertThat(noCountry.status()).isEqualTo(451);
    assertThat(noCountry.text("reason")).isEqualTo("country_unknown");

    Api us = new Api(APP).withHeader("CloudFront-Viewer-Country", "US");
    assertThat(report(us, adult, usOnly).status()).as("in the US it is available").isEqualTo(204);
  }

  @Test
  void progressForAnUnknownTitleOrASeriesIsRefused() {
    Reply unknown = report(de, adult, "tt-does-not-exist");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text("message")).contains("tt-does-not-exist");
    Reply whole = report(de, adult, series);
    assertThat(whole.status()).isEqualTo(422);
    assertThat(whole.text("reason")).isEqualTo("not_playable");
    assertThat(report(de, kid, forKids).status()).isEqualTo(204);
  }

  // ---- helpers

  private static Reply report(Api api, Session profile, String titleId) {
    return api.put("/v1/progress", profile.accessToken(),
        Map.of("profileId", profile.profileId(), "titleId", titleId, "positionMs", 60_000));
  }

  private static JsonNode details(Session profile, String titleId) {
    Reply r = de.get("/v1/catalog/titles/" + titleId + "?profileId=" + profile.profileId(), profile.accessToken());
    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    return r.json();
  }

  private static List<String> childIds(JsonNode view) {
    return view.path("children").findValuesAsText("id");
  }

  private static String episode(int number, String name, String rating, List<Map<String, String>> windows) {
    Map<String, Object> body = new LinkedHashMap<>(Api.title("episode", name, rating, List.of("Drama"), windows));
    body.put("parentId", series);
    body.put("episodeNumber", number);
    return create(body);
  }

  private static String create(Map<String, Object> body) {
    Reply r = de.post("/v1/admin/titles", editor.accessToken(), body);
    assertThat(r.status()).as(r.json().toString()).isEqualTo(201);
    return r.text("id");
  }

  private static Map<String, String> window(String country, Instant startsAt, Instant endsAt) {
    return Map.of("country", country, "startsAt", startsAt.toString(), "endsAt", endsAt.toString());
  }

  private static Path origin() {
    try {
      return Files.createTempDirectory("title-rights-origin");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
