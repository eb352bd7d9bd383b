package io.ottplatform.serving.dashboard.resources;

import io.ottplatform.serving.common.QueryParams;
import io.ottplatform.serving.dashboard.DayRange;
import io.ottplatform.serving.dashboard.QoeGrouping;
import io.ottplatform.serving.dashboard.api.DropoffAnswer;
import io.ottplatform.serving.dashboard.api.EngagementAnswer;
import io.ottplatform.serving.dashboard.api.LakeQoeAnswer;
import io.ottplatform.serving.dashboard.lake.LakeReports;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The dashboard's reports from the lake through Trino (docs/dashboard.md): daily QoE, title engagement, a title's
 * drop-off curve. Ranges are UTC days; an unconfigured or unreachable lake is a 200 that says so.
 */
@Path("/v1/dashboard/lake")
@Produces(MediaType.APPLICATION_JSON)
public class LakeResource {

  /** The days a report covers when the query names none: the last week, today included. */
  static final int DEFAULT_DAYS = 7;
  static final int DEFAULT_TITLES = 20;
  /** Longer than any id the platform makes. */
  private static final int MAX_ID_LENGTH = 200;

  private final LakeReports lake;
  private final Duration maxRange;
  private final int maxLimit;
  private final Clock clock;

  public LakeResource(LakeReports lake, Duration maxRange, int maxLimit, Clock clock) {
    this.lake = lake;
    this.maxRange = maxRange;
    this.maxLimit = maxLimit;
    this.clock = clock;
  }

  @GET
  @Path("/qoe")
  @RolesAllowed("analyst")
  public LakeQoeAnswer qoe(@QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("by") String by, @QueryParam("title") String title) {
    QoeGrouping grouping = QoeGrouping.parse(by);
    String titleId = title == null || title.isEmpty() ? null : QueryParams.required("title", title, MAX_ID_LENGTH);
    return lake.qoe(range(from, to), grouping, titleId);
  }

  @GET
  @Path("/engagement")
  @RolesAllowed("analyst")
  public EngagementAnswer engagement(@QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("limit") String limit) {
    DayRange range = range(from, to);
    return lake.engagement(range, QueryParams.intInRange("limit", limit, Math.min(DEFAULT_TITLES, maxLimit), 1,
        maxLimit));
  }

  @GET
  @Path("/titles/{titleId}/dropoff")
  @RolesAllowed("analyst")
  public DropoffAnswer dropoff(@PathParam("titleId") String titleId, @QueryParam("from") String from,
      @QueryParam("to") String to) {
    QueryParams.required("titleId", titleId, MAX_ID_LENGTH);
    return lake.dropoff(titleId, range(from, to));
  }

  private DayRange range(String from, String to) {
    return DayRange.parse(from, to, DEFAULT_DAYS, maxRange, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }
}
