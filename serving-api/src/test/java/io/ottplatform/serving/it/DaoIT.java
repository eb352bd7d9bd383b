package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.accounts.db.AccountRow;
import io.ottplatform.serving.accounts.db.DeviceDao;
import io.ottplatform.serving.accounts.db.ProfileDao;
import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.accounts.db.TokenDao.RotateOutcome;
import io.ottplatform.serving.accounts.db.TokenDao;
import io.ottplatform.serving.catalog.db.TitleDao;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.playback.db.ProgressDao;
import io.ottplatform.serving.playback.db.ProgressRow;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DAOs against the real PostgreSQL, on a schema made by the service's own {@code db migrate}. */
class DaoIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();

  private static Jdbi jdbi;
  private static final Instant NOW = Instant.now();

  @BeforeAll
  static void migrate() throws Exception {
    System.setProperty("dw.database.url", DB.jdbcUrl());
    try {
      new ServingApplication().run("db", "migrate", ServingApp.CONFIG);
    } finally {
      System.clearProperty("dw.database.url");
    }
    jdbi = Jdbi.create(DB.jdbcUrl(), DB.user(), DB.password());
  }

  private static String account(String email) {
    String id = "acc-" + UUID.randomUUID();
    assertThat(new AccountDao(jdbi).insert(new AccountRow(id, email, "$argon2id$x", "viewer", "basic"))).isTrue();
    return id;
  }

  @Test
  void anEmailCanOnlyBeRegisteredOnce() {
    account("once@example.com");
    assertThat(new AccountDao(jdbi).insert(new AccountRow("acc-x", "once@example.com", "h", "viewer", null))).isFalse();
  }

  @Test
  void aRefreshTokenRotatesOnceAndItsReplayRevokesTheFamily() {
    String acc = account("rot@example.com");
    TokenDao tokens = new TokenDao(jdbi);
    UUID family = UUID.randomUUID();
    tokens.createFamily(family, acc, "tv", new byte[] {1}, NOW.plusSeconds(3600));

    assertThat(tokens.rotate(new byte[] {1}, new byte[] {2}, NOW, NOW.plusSeconds(3600)).outcome()).isEqualTo(RotateOutcome.ROTATED);
    assertThat(tokens.rotate(new byte[] {1}, new byte[] {3}, NOW, NOW.plusSeconds(3600)).outcome()).isEqualTo(RotateOutcome.REUSED);
    assertThat(tokens.isFamilyActive(family)).isFalse();
    assertThat(tokens.familyRevokedReason(family)).contains("refresh_token_reused");
    assertThat(tokens.rotate(new byte[] {2}, new byte[] {4}, NOW, NOW.plusSeconds(3600)).outcome()).isEqualTo(RotateOutcome.REVOKED);
    assertThat(tokens.rotate(new byte[] {9}, new byte[] {5}, NOW, NOW.plusSeconds(3600)).outcome()).isEqualTo(RotateOutcome.UNKNOWN);
  }

  @Test
  void concurrentUsesOfOneRefreshTokenLetExactlyOneWin() throws Exception {
    String acc = account("race@example.com");
    TokenDao tokens = new TokenDao(jdbi);
    tokens.createFamily(UUID.randomUUID(), acc, "tv", new byte[] {7, 7}, NOW.plusSeconds(3600));
    List<Callable<RotateOutcome>> racers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte next = (byte) (20 + i);
      racers.add(() -> tokens.rotate(new byte[] {7, 7}, new byte[] {next}, NOW, NOW.plusSeconds(3600)).outcome());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<RotateOutcome> outcomes = new ArrayList<>();
      for (Future<RotateOutcome> f : pool.invokeAll(racers)) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).filteredOn(o -> o == RotateOutcome.ROTATED).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void devicesAndProfilesStayWithinTheirLimitsUnderConcurrency() throws Exception {
    String acc = account("limits@example.com");
    DeviceDao devices = new DeviceDao(jdbi);
    ProfileDao profiles = new ProfileDao(jdbi);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Boolean>> logins = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String device = "d" + i;
        logins.add(() -> devices.register(acc, device, device, 2));
      }
      pool.invokeAll(logins);
      assertThat(devices.list(acc)).hasSize(2);
      assertThat(devices.register(acc, devices.list(acc).get(0).id(), "renamed", 2)).as("a known device always passes").isTrue();

      List<Callable<ProfileDao.InsertOutcome>> creates = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String name = "p" + i;
        creates.add(() -> profiles.insert(new ProfileRow("prof-" + UUID.randomUUID(), acc, name, false, 18), 3));
      }
      pool.invokeAll(creates);
      assertThat(profiles.list(acc)).hasSize(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void searchRanksNameHitsFirstAndFiltersByMaturityCountryAndWindow() {
    TitleDao titles = new TitleDao(jdbi);
    title(titles, "tt-a", "Ocean Deep", "A story about mountains", 13, List.of(new WindowRow("DE", NOW.minusSeconds(60), NOW.plusSeconds(3600))));
    title(titles, "tt-b", "Mountain Song", "Waves and the ocean", 0, List.of(new WindowRow("DE", NOW.minusSeconds(60), NOW.plusSeconds(3600))));
    title(titles, "tt-c", "Ocean Later", "", 0, List.of(new WindowRow("DE", NOW.plusSeconds(600), NOW.plusSeconds(3600))));
    title(titles, "tt-d", "Ocean Abroad", "", 0, List.of(new WindowRow("FR", NOW.minusSeconds(60), NOW.plusSeconds(3600))));

    assertThat(titles.search("ocea:*", 18, "DE", NOW, 10)).extracting(TitleRow::id).containsExactly("tt-a", "tt-b");
    assertThat(titles.search("ocea:*", 7, "DE", NOW, 10)).extracting(TitleRow::id).containsExactly("tt-b");
    assertThat(titles.search("ocea:*", 18, "FR", NOW, 10)).extracting(TitleRow::id).containsExactly("tt-d");
    assertThat(titles.browse(18, "DE", NOW, 10)).extracting(TitleRow::id).containsExactlyInAnyOrder("tt-a", "tt-b");
    assertThat(titles.browse(18, "DE", NOW.plusSeconds(900), 10)).extracting(TitleRow::id).contains("tt-c");
  }

  @Test
  void theLatestProgressReportWinsWhicheverDeviceSentIt() {
    String acc = account("progress@example.com");
    new ProfileDao(jdbi).insert(new ProfileRow("prof-p", acc, "P", false, 18), 5);
    TitleDao titles = new TitleDao(jdbi);
    title(titles, "tt-p", "Progress Movie", "", 0, List.of());
    ProgressDao progress = new ProgressDao(jdbi);

    progress.upsert(new ProgressRow("prof-p", "tt-p", 60_000, 100_000L, "tv", NOW));
    progress.upsert(new ProgressRow("prof-p", "tt-p", 10_000, 100_000L, "phone", NOW.minus(Duration.ofMinutes(1))));
    assertThat(progress.find("prof-p", "tt-p").orElseThrow().positionMs()).as("a late, older report is ignored").isEqualTo(60_000);
    progress.upsert(new ProgressRow("prof-p", "tt-p", 70_000, 100_000L, "phone", NOW.plusSeconds(5)));
    assertThat(progress.continueWatching("prof-p", 10)).extracting(ProgressRow::deviceId).containsExactly("phone");
    progress.upsert(new ProgressRow("prof-p", "tt-p", 99_000, 100_000L, "phone", NOW.plusSeconds(10)));
    assertThat(progress.continueWatching("prof-p", 10)).as("finished titles leave the row").isEmpty();
  }

  private static void title(TitleDao titles, String id, String name, String synopsis, int level, List<WindowRow> windows) {
    TitleRow row = new TitleRow(id, "movie", name, synopsis, null, null, null, 2020, 1000L, level == 0 ? "ALL" : level + "+",
        level, List.of("Drama"), List.of(), List.of(), "[]", List.of(), List.of(), 1, null);
    jdbi.useTransaction(h -> {
      titles.insert(h, row);
      titles.replaceWindows(h, id, windows);
    });
  }
}
