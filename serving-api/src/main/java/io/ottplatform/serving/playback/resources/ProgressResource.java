package io.ottplatform.serving.playback.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.ProfileService;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.catalog.db.TitleDao;
import io.ottplatform.serving.catalog.db.TitleRow;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.QueryParams;
import io.ottplatform.serving.common.ViewerCountry;
import io.ottplatform.serving.playback.PlayableTitles;
import io.ottplatform.serving.playback.PlaybackPolicy;
import io.ottplatform.serving.playback.api.ProgressRequest;
import io.ottplatform.serving.playback.api.ProgressView;
import io.ottplatform.serving.playback.db.ProgressDao;
import io.ottplatform.serving.playback.db.ProgressRow;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;

/** Watch progress per profile: one position per title, shared by every device of the profile. */
@Path("/v1/progress")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProgressResource {

  private final ProgressDao progress;
  private final ProfileService profiles;
  private final TitleDao titles;
  private final PlayableTitles playable;
  private final ViewerCountry country;
  private final Clock clock;

  public ProgressResource(ProgressDao progress, ProfileService profiles, TitleDao titles, PlayableTitles playable,
      ViewerCountry country, Clock clock) {
    this.progress = progress;
    this.profiles = profiles;
    this.titles = titles;
    this.playable = playable;
    this.country = country;
    this.clock = clock;
  }

  /**
   * Progress is written only for a title the profile may watch here and now, refused as a grant would refuse it
   * (404 unknown, 422 not playable, 403 above the ceiling, 451 not available in the viewer's country): otherwise a
   * kids profile's continue-watching row and the resume position would carry titles it may not see.
   */
  @PUT
  @RolesAllowed("viewer")
  public Response report(@Auth AccountPrincipal caller, @NotNull @Valid ProgressRequest request,
      @Context HttpServletRequest http) {
    ProfileRow profile = profiles.require(caller.accountId(), request.profileId());
    PlayableTitles.PlayableTitle found = playable.find(request.titleId())
        .orElseThrow(() -> ApiException.notFound("title", request.titleId()));
    TitleRow title = found.title();
    PlaybackPolicy.mayWatch(title, found.windows(), profile.maturityCeiling(), country.of(http), clock.instant())
        .ifPresent(refusal -> {
          throw new ApiException(refusal.status(), refusal.reason(), refusal.message());
        });
    if (request.durationMs() != null && request.positionMs() > request.durationMs()) {
      throw new ApiException(422, "position_beyond_duration", "positionMs is past durationMs");
    }
    Long duration = request.durationMs() != null ? request.durationMs() : title.durationMs();
    progress.upsert(new ProgressRow(request.profileId(), title.id(), request.positionMs(), duration,
        caller.deviceId(), clock.instant()));
    return Response.noContent().build();
  }

  @GET
  @Path("/continue-watching")
  @RolesAllowed("viewer")
  public List<ProgressView> continueWatching(@Auth AccountPrincipal caller, @QueryParam("profileId") String profileId,
      @QueryParam("limit") String limit) {
    profiles.require(caller.accountId(), QueryParams.required("profileId", profileId, 64));
    return progress.continueWatching(profileId, QueryParams.intInRange("limit", limit, 20, 1, 50)).stream()
        .map(p -> view(p, titles.find(p.titleId()).map(TitleRow::name).orElse(null))).toList();
  }

  @GET
  @Path("/{profileId}/{titleId}")
  @RolesAllowed("viewer")
  public ProgressView get(@Auth AccountPrincipal caller, @PathParam("profileId") String profileId,
      @PathParam("titleId") String titleId) {
    profiles.require(caller.accountId(), profileId);
    ProgressRow row = progress.find(profileId, titleId).orElseThrow(() -> ApiException.notFound("progress", titleId));
    return view(row, titles.find(titleId).map(TitleRow::name).orElse(null));
  }

  private static ProgressView view(ProgressRow p, String name) {
    return new ProgressView(p.titleId(), name, p.positionMs(), p.durationMs(), p.deviceId(), p.updatedAt());
  }
}
