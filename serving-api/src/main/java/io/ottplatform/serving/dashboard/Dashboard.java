package io.ottplatform.serving.dashboard;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import io.ottplatform.serving.dashboard.DashboardConfig.TrinoConfig;
import io.ottplatform.serving.dashboard.db.ConcurrentPlaysDao;
import io.ottplatform.serving.dashboard.db.RecentMediaJobsDao;
import io.ottplatform.serving.dashboard.db.ViewsDao;
import io.ottplatform.serving.dashboard.lake.LakeReports;
import io.ottplatform.serving.dashboard.lake.LakeTableNames;
import io.ottplatform.serving.dashboard.lake.TrinoLakeReports;
import io.ottplatform.serving.dashboard.lake.TrinoQueries;
import io.ottplatform.serving.dashboard.lake.TrinoViewTimelines;
import io.ottplatform.serving.dashboard.lake.ViewTimelines;
import io.ottplatform.serving.dashboard.resources.DashboardResource;
import io.ottplatform.serving.dashboard.resources.LakeResource;
import io.ottplatform.serving.dashboard.resources.DashboardStreamResource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin dashboard (issue #13, docs/dashboard.md), wired in one place so ServingApplication registers it with
 * one call: the JSON endpoints under /v1/dashboard/ (the lake's under /v1/dashboard/lake/, through Trino when
 * dashboard.trino.url is set), the live stream, and the page at /dashboard/ (bundled by
 * src/main/dashboard's esbuild into the jar's assets/dashboard/). The page itself is public; its data is not.
 */
public final class Dashboard {

  private Dashboard() {}

  public static void register(DashboardConfig config, Jdbi jdbi, Environment env, Clock clock) {
    Duration interval = config.getStreamInterval().toJavaDuration();
    ViewsDao views = new ViewsDao(jdbi);
    // streams share one summary per half interval, so N open pages cost the database one query set per tick
    LiveQoeService qoe = new LiveQoeService(jdbi, new ConcurrentPlaysDao(jdbi), views,
        config.getLiveWindow().toJavaDuration(), interval.dividedBy(2), clock);
    TrinoConfig trino = config.getTrino();
    TrinoQueries lake = trino.getUrl().isBlank() ? null
        : new TrinoQueries(trino.getUrl(), trino.getUser(), trino.getQueryTimeout().toJavaDuration());
    ViewTimelines timelines = lake == null ? ViewTimelines.unconfigured()
        : new TrinoViewTimelines(lake, trino.getEventsTable());
    LakeReports reports = lake == null ? LakeReports.unconfigured()
        : new TrinoLakeReports(lake, new LakeTableNames(trino.getCatalog()));
    env.jersey().register(new DashboardResource(qoe, views, timelines, new RecentMediaJobsDao(jdbi),
        config.getMaxRange().toJavaDuration(), config.getMaxLimit(), clock));
    env.jersey().register(new LakeResource(reports, config.getMaxRange().toJavaDuration(), config.getMaxLimit(),
        clock));
    LiveStreams streams = new LiveStreams(config.getMaxStreams());
    env.lifecycle().manage(streams);
    LiveStreamWriter writer = new LiveStreamWriter(qoe::live, env.getObjectMapper(), streams, interval,
        config.getHeartbeatInterval().toJavaDuration());
    env.jersey().register(new DashboardStreamResource(streams, writer::write, interval));
    env.servlets().addServlet("dashboard-page",
            new AssetServlet("/assets/dashboard", "/dashboard", "index.html", StandardCharsets.UTF_8))
        .addMapping("/dashboard/*");
  }
}
