package io.ottplatform.serving.dashboard.resources;

import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.QueryParams;
import io.ottplatform.serving.dashboard.LiveQoeService;
import io.ottplatform.serving.dashboard.QoeGrouping;
import io.ottplatform.serving.dashboard.QueryRange;
import io.ottplatform.serving.dashboard.ViewsCursor;
import io.ottplatform.serving.dashboard.api.QoeAnswer;
import io.ottplatform.serving.dashboard.api.ViewDetail;
import io.ottplatform.serving.dashboard.api.ViewQoe;
import io.ottplatform.serving.dashboard.api.ViewsPage;
import io.ottplatform.serving.dashboard.db.RecentMediaJobsDao;
import io.ottplatform.serving.dashboard.db.ViewsDao;
import io.ottplatform.serving.dashboard.db.ViewsFilter;
import io.ottplatform.serving.dashboard.lake.ViewTimelines;
import io.ottplatform.serving.media.api.MediaJobView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The admin dashboard's JSON (docs/dashboard.md): QoE over a range, the views list and one view, media jobs. */
@Path("/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

  /** The range when a query names none: the last hour for QoE, the last day for views. */
  private static final Duration DEFAULT_QOE_RANGE = Duration.ofHours(1);
  private static final Duration DEFAULT_VIEWS_RANGE = Duration.ofDays(1);
  private static final int DEFAULT_LIMIT = 50;
  /** Longer than any id the platform makes; a longer filter value cannot match and is refused. */
  private static final int MAX_ID_LENGTH = 200;

  private final LiveQoeService qoe;
  private final ViewsDao views;
  private final ViewTimelines timelines;
  private final RecentMediaJobsDao mediaJobs;
  private final Duration maxRange;
  private final int maxLimit;
  private final Clock clock;

  public DashboardResource(LiveQoeService qoe, ViewsDao views, ViewTimelines timelines, RecentMediaJobsDao mediaJobs,
      Duration maxRange, int maxLimit, Clock clock) {
    this.qoe = qoe;
    this.views = views;
    this.timelines = timelines;
    this.mediaJobs = mediaJobs;
    this.maxRange = maxRange;
    this.maxLimit = maxLimit;
    this.clock = clock;
  }

  @GET
  @Path("/qoe")
  @RolesAllowed("analyst")
  public QoeAnswer qoe(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") String by) {
    QoeGrouping grouping = QoeGrouping.parse(by);
    return qoe.qoe(QueryRange.parse(from, to, DEFAULT_QOE_RANGE, maxRange, clock.instant()), grouping);
  }

  @GET
  @Path("/views")
  @RolesAllowed("analyst")
  public ViewsPage views(@QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("title") String title, @QueryParam("cdn") String cdn, @QueryParam("country") String country,
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    QueryRange range = QueryRange.parse(from, to, DEFAULT_VIEWS_RANGE, maxRange, clock.instant());
    int pageSize = QueryParams.intInRange("limit", limit, Math.min(DEFAULT_LIMIT, maxLimit), 1, maxLimit);
    List<ViewQoe> rows = views.list(new ViewsFilter(range, optional("title", title), optional("cdn", cdn),
        optional("country", country), ViewsCursor.decode(cursor), pageSize));
    if (rows.size() <= pageSize) {
      return new ViewsPage(range.from(), range.to(), rows, null);
    }
    List<ViewQoe> page = rows.subList(0, pageSize);
    ViewQoe last = page.get(pageSize - 1);
    return new ViewsPage(range.from(), range.to(), List.copyOf(page),
        new ViewsCursor(last.viewEnd(), last.sessionId()).encode());
  }

  @GET
  @Path("/views/{sessionId}")
  @RolesAllowed("analyst")
  public ViewDetail view(@PathParam("sessionId") String sessionId) {
    QueryParams.required("sessionId", sessionId, MAX_ID_LENGTH);
    ViewQoe view = views.find(sessionId).orElseThrow(() -> ApiException.notFound("view", sessionId));
    return new ViewDetail(view, timelines.of(view));
  }

  @GET
  @Path("/media-jobs")
  @RolesAllowed("analyst")
  public Map<String, List<MediaJobView>> mediaJobs(@QueryParam("limit") String limit) {
    return Map.of("jobs", mediaJobs.newest(QueryParams.intInRange("limit", limit, Math.min(DEFAULT_LIMIT, maxLimit),
        1, maxLimit)));
  }

  private static String optional(String name, String raw) {
    return raw == null || raw.isEmpty() ? null : QueryParams.required(name, raw, MAX_ID_LENGTH);
  }
}
