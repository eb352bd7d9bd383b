package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream slots reserved at grant time (issue #14): a grant records its playback session only while the account's
 * ACTIVE, unexpired sessions are fewer than the plan's screens, decided under the account's lock, so parallel
 * grants cannot all pass a "below the limit" check. No guard here (ALLOW): the limit is serving-api's own. The
 * service reads a {@link MovableClock}, so a lease (1 minute here) and the retention (7 days) pass without waiting.
 */
class StreamSlotsIT {

  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final MovableClock CLOCK = ClockedServingApplication.CLOCK;

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      new DropwizardAppExtension<>(ClockedServingApplication.class, ServingApp.CONFIG,
          ConfigOverride.config("database.url", DB::jdbcUrl),
          ConfigOverride.config("playback.originDirectory", origin().toString()),
          ConfigOverride.config("plans.defaultPlan", "standard"), // two screens, five devices
          ConfigOverride.config("playback.urlTtl", "1 minute"),
          ConfigOverride.config("playback.sessionRetention", "7 days"),
          ConfigOverride.config("playback.sessionCleanupInterval", "200 milliseconds"),
          // above the 10 grants a test here makes with one account, so only the rate test meets it
          ConfigOverride.config("playback.grantsPerAccountPerMinute", "12"));

  private static Api api;
  private static String movie;

  @BeforeAll
  static void seed() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    Session editor = api.signUpAndLogin("editor@example.com", "cms");
    sql("UPDATE accounts SET role = 'editor' WHERE email = ?", "editor@example.com");
    editor = api.login("editor@example.com", "cms");
    Reply created = api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("movie", "Shared Screens", "ALL", List.of("Drama"), Api.openIn("DE")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    movie = created.text("id");
    assertThat(api.put("/v1/admin/titles/" + movie + "/media", editor.accessToken(), Map.of("mediaPath", "vod/shared"))
        .status()).isEqualTo(204);
  }

  @Test
  void tenParallelGrantsOnATwoScreenPlanGiveExactlyTwoSessions() throws Exception {
    Account a = account();
    Session tv = a.device("tv");
    Session phone = a.device("phone");

    List<Reply> replies = inParallel(10, i -> a.grant(i % 2 == 0 ? tv : phone));

    Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    assertThat(byStatus).as("statuses of 10 simultaneous grants").containsOnly(Map.entry(200, 2L), Map.entry(429, 8L));
    for (Reply refused : replies.stream().filter(r -> r.status() == 429).toList()) {
      assertThat(refused.text("reason")).isEqualTo("stream_limit_reached");
      assertThat(refused.text("message")).contains("2 playback sessions already hold the plan's 2 screens");
    }
    assertThat(activeSessions(a.accountId)).as("rows recorded").isEqualTo(2);
  }

  @Test
  void grantsAreLimitedPerAccountPerMinuteWhateverTheDeviceOrLogin() {
    Account a = account();
    Session tv = a.device("tv");
    Session phone = a.device("phone");
    for (int i = 0; i < 12; i++) { // each session ended at once: the screens never run out, the grants do
      Session device = i % 2 == 0 ? tv : phone;
      assertThat(api.delete("/v1/playback/sessions/" + a.granted(device), device.accessToken()).status()).isEqualTo(204);
    }
    Reply refused = a.grant(a.device("laptop"));
    assertThat(refused.status()).as("the 13th grant of the minute, from a new login").isEqualTo(429);
    assertThat(refused.text("reason")).isEqualTo("rate_limited");
    assertThat(refused.text("message")).contains("at most 12 playback grants per 1 min from one account");
    assertThat(refused.header("Retry-After")).isNotEmpty();

    Account other = account();
    other.granted(other.device("tv")); // another account's bucket is its own

    CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1));
    a.granted(tv);
  }

  @Test
  void endingASessionFreesItsScreenAtOnce() {
    Account a = account();
    Session tv = a.device("tv");
    String first = a.granted(tv);
    a.granted(tv);
    assertThat(a.grant(tv).status()).isEqualTo(429);

    assertThat(api.delete("/v1/playback/sessions/" + first, tv.accessToken()).status()).isEqualTo(204);

    a.granted(tv);
    assertThat(a.grant(tv).status()).as("the other session still holds its screen").isEqualTo(429);
  }

  @Test
  void aSessionNotRenewedForOneLeaseFreesItsScreenAndCannotComeBack() {
    Account a = account();
    Session tv = a.device("tv");
    String renewed = a.granted(tv);
    String abandoned = a.granted(tv);

    CLOCK.advance(LEASE.dividedBy(2));
    assertThat(api.post("/v1/playback/sessions/" + renewed + "/renew", tv.accessToken(), Map.of()).status())
        .isEqualTo(200);
    assertThat(a.grant(tv).status()).as("both leases still run").isEqualTo(429);

    CLOCK.advance(LEASE.dividedBy(2).plusSeconds(5)); // the abandoned lease has passed, the renewed one has not
    a.granted(tv);
    assertThat(a.grant(tv).status()).as("the renewed session still holds its screen").isEqualTo(429);
    Reply late = api.post("/v1/playback/sessions/" + abandoned + "/renew", tv.accessToken(), Map.of());
    assertThat(late.status()).as("a lapsed session cannot take a screen back").isEqualTo(403);
    assertThat(late.text("reason")).isEqualTo("session_expired");
  }

  @Test
  void aLogoutOrARemovedDeviceFreesTheScreensOfItsSessions() {
    Account a = account();
    Session tv = a.device("tv");
    Session phone = a.device("phone");
    a.granted(tv);
    a.granted(phone);
    assertThat(a.grant(phone).status()).isEqualTo(429);

    assertThat(api.post("/v1/auth/logout", tv.accessToken(), Map.of()).status()).isEqualTo(204);
    a.granted(phone);
    assertThat(a.grant(phone).status()).isEqualTo(429);

    Session tablet = a.device("tablet");
    assertThat(api.delete("/v1/devices/" + phone.deviceId(), tablet.accessToken()).status()).isEqualTo(204);
    a.granted(tablet);
    a.granted(tablet);
    assertThat(a.grant(tablet).status()).isEqualTo(429);
  }

  @Test
  void anotherAccountsSessionsDoNotCount() {
    Account full = account();
    Session fullTv = full.device("tv");
    full.granted(fullTv);
    full.granted(fullTv);
    assertThat(full.grant(fullTv).status()).isEqualTo(429);

    Account other = account();
    Session otherTv = other.device("tv");
    other.granted(otherTv);
    other.granted(otherTv);
    assertThat(other.grant(otherTv).status()).isEqualTo(429);
  }

  @Test
  void sessionsWhoseLeaseEndedMoreThanTheRetentionAgoAreDeleted() throws Exception {
    Account a = account();
    Session tv = a.device("tv");
    String endedLongAgo = a.granted(tv);
    assertThat(api.delete("/v1/playback/sessions/" + endedLongAgo, tv.accessToken()).status()).isEqualTo(204);
    String lapsedLongAgo = a.granted(tv);

    CLOCK.advance(Duration.ofDays(3));
    tv = a.relogin(tv);
    String endedRecently = a.granted(tv);
    assertThat(api.delete("/v1/playback/sessions/" + endedRecently, tv.accessToken()).status()).isEqualTo(204);

    CLOCK.advance(Duration.ofDays(4).plus(LEASE).plusMinutes(1)); // 7 days and a lease after the first two ended
    tv = a.relogin(tv);
    String playing = a.granted(tv);

    await("the cleaner deletes the sessions that ended more than 7 days ago").atMost(Duration.ofSeconds(30))
        .until(() -> exists(endedLongAgo) || exists(lapsedLongAgo), gone -> !gone);
    assertThat(exists(endedRecently)).as("ended 4 days ago").isTrue();
    assertThat(exists(playing)).as("playing now").isTrue();
  }

  // ---- helpers

  /** An account on the two-screen plan with a profile; each device is a login of its own. */
  private static final class Account {
    final String email;
    final String accountId;
    final String profileId;

    Account(String email) {
      this.email = email;
      Session first = api.withProfile(api.signUpAndLogin(email, "setup"), "Viewer", false);
      this.accountId = first.accountId();
      this.profileId = first.profileId();
    }

    Session device(String deviceId) {
      return api.login(email, deviceId);
    }

    /** A fresh access token for the device (after the clock moved past the old one's life). */
    Session relogin(Session device) {
      return api.login(email, device.deviceId());
    }

    Reply grant(Session device) {
      return api.post("/v1/playback", device.accessToken(), Map.of("profileId", profileId, "titleId", movie));
    }

    String granted(Session device) {
      Reply r = grant(device);
      assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
      return r.text("sessionId");
    }
  }

  private static Account account() {
    return new Account("screens-" + ACCOUNTS.incrementAndGet() + "@example.com");
  }

  /** Runs {@code n} calls on {@code n} threads released at the same moment; their answers. */
  private static List<Reply> inParallel(int n, java.util.function.IntFunction<Reply> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return call.apply(index);
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads ready").isTrue();
      go.countDown();
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> f : futures) {
        replies.add(f.get(60, TimeUnit.SECONDS));
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int activeSessions(String accountId) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM playback_sessions WHERE account_id = ? AND state = 'ACTIVE'")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static boolean exists(String sessionId) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM playback_sessions WHERE id = ?")) {
      ps.setObject(1, UUID.fromString(sessionId));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void sql(String statement, String arg) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(statement)) {
      ps.setString(1, arg);
      assertThat(ps.executeUpdate()).as(statement).isPositive();
    }
  }

  private static Path origin() {
    try {
      return Files.createTempDirectory("stream-slots-origin");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
