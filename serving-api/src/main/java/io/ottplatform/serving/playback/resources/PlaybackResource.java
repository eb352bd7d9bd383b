package io.ottplatform.serving.playback.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.common.RateLimiter;
import io.ottplatform.serving.common.ViewerCountry;
import io.ottplatform.serving.playback.PlaybackService;
import io.ottplatform.serving.playback.api.PlaybackGrant;
import io.ottplatform.serving.playback.api.PlaybackRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/playback")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlaybackResource {

  private final PlaybackService playback;
  private final ViewerCountry country;
  /** Per account, so that new logins or devices are no fresh buckets. */
  private final RateLimiter grants;

  public PlaybackResource(PlaybackService playback, ViewerCountry country, RateLimiter grants) {
    this.playback = playback;
    this.country = country;
    this.grants = grants;
  }

  @POST
  @RolesAllowed("viewer")
  public PlaybackGrant authorize(@Auth AccountPrincipal caller, @NotNull @Valid PlaybackRequest request,
      @Context HttpServletRequest http) {
    grants.acquire(caller.accountId());
    return playback.authorize(caller, request, country.of(http));
  }
}
