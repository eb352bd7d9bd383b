package io.ottplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetIdentitiesTest {

  private static final String FILE = """
      {"accounts": [
         {"accountId": "acc-A", "profileIds": ["prof-A1", "prof-A2"]},
         {"accountId": "acc-B", "profileIds": ["prof-B1"]}],
       "titleIds": ["tt-1", "tt-2", "tt-3"],
       "comment": "extra fields are ignored \\u00e9"}""";

  @Test
  void theFleetPlaysOnlyWithTheGivenIdsAndKeepsEachProfileWithItsAccount() {
    FleetIdentities ids = FleetIdentities.parse(FILE);
    SimulatorConfig config = SimulatorConfig.defaults(5, 500);

    List<SimulatedView> views = new FleetSimulator(config, ids).views().toList();

    Map<String, Set<String>> profilesPerAccount = views.stream().collect(Collectors.groupingBy(SimulatedView::accountId,
        Collectors.mapping(SimulatedView::profileId, Collectors.toSet())));
    assertThat(profilesPerAccount).containsOnlyKeys("acc-A", "acc-B");
    assertThat(profilesPerAccount.get("acc-A")).containsExactlyInAnyOrder("prof-A1", "prof-A2");
    assertThat(profilesPerAccount.get("acc-B")).containsExactly("prof-B1");
    assertThat(views).extracting(SimulatedView::titleId).containsOnly("tt-1", "tt-2", "tt-3");
    views.forEach(v -> v.events().forEach(e -> {
      assertThat(e.getAccountId()).isEqualTo(v.accountId());
      assertThat(e.getProfileId()).isEqualTo(v.profileId());
      assertThat(e.getTitleId()).isEqualTo(v.titleId());
    }));
  }

  @Test
  void identitiesChangeTheIdsButNeitherTheStoriesNorTheirDeterminism() {
    FleetIdentities ids = FleetIdentities.parse(FILE);
    // without tastes: with them, what a view watches depends on whose profile it is, and the identities
    // have other profiles than the made-up ids (see tasteFollowsTheIdentitiesProfiles)
    SimulatorConfig config = SimulatorConfig.defaults(11, 200).withTaste(0);

    List<SimulatedView> made = new FleetSimulator(config).views().toList();
    List<SimulatedView> mapped = new FleetSimulator(config, ids).views().toList();

    assertThat(new FleetSimulator(config, ids).views().toList()).isEqualTo(mapped);
    assertThat(mapped).extracting(SimulatedView::sessionId).isEqualTo(made.stream().map(SimulatedView::sessionId).toList());
    assertThat(mapped).extracting(v -> v.events().size()).isEqualTo(made.stream().map(v -> v.events().size()).toList());
    assertThat(made).extracting(SimulatedView::accountId).allMatch(a -> a.startsWith("acc-0"));
  }

  @Test
  void tasteFollowsTheIdentitiesProfilesAndStaysDeterministic() {
    FleetIdentities ids = FleetIdentities.parse(FILE);
    SimulatorConfig config = SimulatorConfig.defaults(11, 200);

    List<SimulatedView> mapped = new FleetSimulator(config, ids).views().toList();

    assertThat(new FleetSimulator(config, ids).views().toList()).isEqualTo(mapped);
    assertThat(mapped).extracting(SimulatedView::sessionId)
        .isEqualTo(new FleetSimulator(config).views().map(SimulatedView::sessionId).toList());
  }

  @Test
  void simulatedAccountAndTitleIndicesWrapAroundTheLists() {
    FleetIdentities ids = FleetIdentities.parse(FILE);
    assertThat(ids.account(0).accountId()).isEqualTo("acc-A");
    assertThat(ids.account(3).accountId()).isEqualTo("acc-B");
    assertThat(ids.title(4)).isEqualTo("tt-2");
  }

  @Test
  void theCliReadsTheFileAndDefaultsAccountsAndTitlesToItsCounts(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("ids.json"), FILE);
    String[] args = {"--target", "http://x", "--token-key", "k.pem", "--identities", file.toString(), "--viewers", "50"};
    io.ottplatform.config.Settings s = io.ottplatform.config.Settings.load("player-simulator",
        SimulatorCli.settingsArgs(args), Map.of());

    SimulatorConfig config = SimulatorCli.read(s, java.time.Instant.now()).fleet();
    s.finish();

    assertThat(config.accounts()).isEqualTo(2);
    assertThat(config.titles()).isEqualTo(3);
  }

  @Test
  void loginsAreOptionalAndRead() {
    FleetIdentities ids = FleetIdentities.parse("""
        {"accounts": [{"accountId": "a", "profileIds": ["p"], "email": "v1@example.com", "password": "pw",
                       "deviceId": "tv-1"}, {"accountId": "b", "profileIds": ["q"]}], "titleIds": ["t"]}""");
    assertThat(ids.account(0).canLogIn()).isTrue();
    assertThat(ids.account(0).deviceId()).isEqualTo("tv-1");
    assertThat(ids.account(1).canLogIn()).isFalse();
  }

  @Test
  void aBadFileIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> FleetIdentities.parse("{\"accounts\": [], \"titleIds\": [\"tt-1\"]}"))
        .hasMessageContaining("no accounts");
    assertThatThrownBy(() -> FleetIdentities.parse("{\"accounts\": [{\"accountId\": \"a\", \"profileIds\": []}], \"titleIds\": [\"t\"]}"))
        .hasMessageContaining("accounts[0] (a) needs non-blank profileIds");
    assertThatThrownBy(() -> FleetIdentities.parse("{\"accounts\": [{\"accountId\": \"a\", \"profileIds\": [\"p\"]}]}"))
        .hasMessageContaining("titleIds must be a list");
    assertThatThrownBy(() -> FleetIdentities.parse("{\"accounts\": [")).hasMessageContaining("not valid JSON");
  }
}
