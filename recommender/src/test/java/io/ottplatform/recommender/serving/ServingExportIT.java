package io.ottplatform.recommender.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The export's atomic switch and clean-up against the real serving schema on PostgreSQL. */
class ServingExportIT {

  @RegisterExtension static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();

  static final int PROFILES = 2_000;
  static final int PER_PROFILE = 20;

  static ServingExport export;

  @BeforeAll
  static void schema() throws Exception {
    try (Connection c = DB.connect()) {
      ServingMigrations.apply(c);
    }
    export = new ServingExport(DB.jdbcUrl(), DB.user(), DB.password());
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = DB.connect(); Statement st = c.createStatement()) {
      st.execute("DELETE FROM rec_serving_arms");
      st.execute("DELETE FROM rec_models");
    }
  }

  @Test
  void aConcurrentReaderOnlyEverSeesOneCompleteVersion() throws Exception {
    export.export(model("v1", 0.30), "als", Map.of("rank", "8"), rows("v1"), "control", Optional.empty());
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<String> versionsSeen = new ArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
          // what serving does: the arm's version, then that version's list of a profile, in one statement
          "SELECT a.model_version, count(p.rank), min(p.title_id), max(p.title_id) FROM rec_serving_arms a "
              + "LEFT JOIN rec_profile_titles p ON p.model_version = a.model_version AND p.profile_id = ? "
              + "WHERE a.arm = 'control' GROUP BY a.model_version")) {
        int i = 0;
        while (!done.get()) {
          ps.setString(1, "p" + (i++ % PROFILES));
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              problems.add("no control arm");
              continue;
            }
            String version = rs.getString(1);
            if (rs.getInt(2) != PER_PROFILE) {
              problems.add(version + " had " + rs.getInt(2) + " rows");
              continue;
            }
            if (!rs.getString(3).startsWith(version + "-") || !rs.getString(4).startsWith(version + "-")) {
              problems.add(version + " served titles " + rs.getString(3) + ".." + rs.getString(4));
            }
            synchronized (versionsSeen) {
              if (versionsSeen.isEmpty() || !versionsSeen.get(versionsSeen.size() - 1).equals(version)) {
                versionsSeen.add(version);
              }
            }
            reads.incrementAndGet();
          }
        }
      } catch (SQLException e) {
        problems.add(e.toString());
      }
    });
    reader.start();
    try {
      // the reader has seen the old version before the switch, and then the new one: both moments are exact
      await().atMost(Duration.ofSeconds(30)).until(() -> lastSeen(versionsSeen).equals("v1"));
      ServingExport.Switch s = export.export(model("v2", 0.35), "als", Map.of(), rows("v2"), "control", Optional.empty());
      assertThat(s.previousVersion()).isEqualTo("v1");
      assertThat(s.trafficPercent()).isEqualTo(100);
      await().atMost(Duration.ofSeconds(30)).until(() -> lastSeen(versionsSeen).equals("v2"));
    } finally {
      done.set(true);
      reader.join();
    }

    assertThat(problems).as("what the reader saw").isEmpty();
    assertThat(reads.get()).isGreaterThan(1);
    assertThat(versionsSeen).as("the switch is one step, never back").containsExactly("v1", "v2");
  }

  private static String lastSeen(List<String> versionsSeen) {
    synchronized (versionsSeen) {
      return versionsSeen.isEmpty() ? "" : versionsSeen.get(versionsSeen.size() - 1);
    }
  }

  @Test
  void keepsThePreviousVersionForRollbackAndDeletesOlderOnes() throws Exception {
    export.export(model("v1", 0.30), "als", Map.of(), rows("v1"), "control", Optional.empty());
    export.export(model("v2", 0.31), "als", Map.of(), rows("v2"), "control", Optional.empty());
    assertThat(versions()).containsExactly("v1", "v2");

    ServingExport.Switch third = export.export(model("v3", 0.32), "als", Map.of(), rows("v3"), "control",
        Optional.empty());

    assertThat(third.deletedVersions()).isEqualTo(1);
    assertThat(versions()).as("v1 deleted, v2 kept for rollback").containsExactly("v2", "v3");
    assertThat(count("SELECT count(*) FROM rec_profile_titles WHERE model_version = 'v1'")).as("cascaded").isZero();
    assertThat(count("SELECT count(*) FROM rec_profile_titles WHERE model_version = 'v2'"))
        .isEqualTo(PROFILES * PER_PROFILE);

    ServingExport.Switch rollback = export.export(model("v2", 0.31), "als", Map.of(), rows("unused"), "control",
        Optional.empty());

    assertThat(rollback.loaded()).as("a kept version switches back without reloading").isFalse();
    assertThat(export.current("control")).map(ServingModel::modelVersion).contains("v2");
    assertThat(versions()).containsExactly("v2", "v3");
  }

  @Test
  void anExperimentArmTakesItsShareFromControl() throws Exception {
    assertThatThrownBy(() -> export.export(model("c1", 0.4), "als", Map.of(), rows("c1"), "candidate", Optional.of(10)))
        .hasMessageContaining("no control arm");
    export.export(model("v1", 0.30), "als", Map.of(), rows("v1"), "control", Optional.empty());

    export.export(model("c1", 0.40), "als", Map.of(), rows("c1"), "candidate", Optional.of(10));

    assertThat(count("SELECT traffic_percent FROM rec_serving_arms WHERE arm = 'control'")).isEqualTo(90);
    assertThat(count("SELECT traffic_percent FROM rec_serving_arms WHERE arm = 'candidate'")).isEqualTo(10);
    assertThat(export.current("candidate")).map(ServingModel::metricValue).contains(0.40);

    export.export(model("v2", 0.31), "als", Map.of(), rows("v2"), "control", Optional.empty());

    assertThat(count("SELECT traffic_percent FROM rec_serving_arms WHERE arm = 'control'"))
        .as("control keeps 100 minus the experiment").isEqualTo(90);
    assertThat(versions()).containsExactly("c1", "v1", "v2");
  }

  static ServingModel model(String version, double ndcg) {
    return new ServingModel(version, "run-" + version, "ndcg_at_10", ndcg);
  }

  /** Every profile's list of a version names its titles "<version>-...", so a mix would show. */
  static ServingExport.ModelRows rows(String version) {
    Iterator<RankedRow> profiles = IntStream.range(0, PROFILES).boxed()
        .flatMap(p -> IntStream.rangeClosed(1, PER_PROFILE).mapToObj(r -> new RankedRow("p" + p, r,
            version + "-t" + ((p + r) % 500), 1f / r)))
        .iterator();
    Iterator<RankedRow> similar = IntStream.range(0, 500).boxed()
        .flatMap(t -> IntStream.rangeClosed(1, 5).mapToObj(r -> new RankedRow("t" + t, r, "t" + (t + r), 0.9f)))
        .iterator();
    Iterator<RankedRow> popular = List.of(new RankedRow("*", 1, "t1", 100f), new RankedRow("DE", 1, "t2", 50f),
        new RankedRow("DE", 2, "t\"quoted, title", 40f)).iterator();
    return new ServingExport.ModelRows(profiles, similar, popular);
  }

  static List<String> versions() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DB.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT model_version FROM rec_models ORDER BY model_version")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static long count(String sql) throws SQLException {
    try (Connection c = DB.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
