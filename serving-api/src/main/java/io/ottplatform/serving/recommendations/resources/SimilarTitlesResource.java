package io.ottplatform.serving.recommendations.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.common.QueryParams;
import io.ottplatform.serving.common.ViewerCountry;
import io.ottplatform.serving.recommendations.RecommendationService;
import io.ottplatform.serving.recommendations.api.RecommendationsResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** "More like this": titles similar to one the profile may see, with the same request-time rules. */
@Path("/v1/titles")
@Produces(MediaType.APPLICATION_JSON)
public class SimilarTitlesResource {

  private final RecommendationService recommendations;
  private final ViewerCountry country;

  public SimilarTitlesResource(RecommendationService recommendations, ViewerCountry country) {
    this.recommendations = recommendations;
    this.country = country;
  }

  @GET
  @Path("/{titleId}/similar")
  @Timed(name = "similar-titles")
  @RolesAllowed("viewer")
  public RecommendationsResponse similar(@Auth AccountPrincipal caller, @PathParam("titleId") String titleId,
      @QueryParam("profileId") String profileId, @QueryParam("limit") String limit, @Context HttpServletRequest http) {
    return recommendations.similar(caller.accountId(), QueryParams.required("profileId", profileId, 64),
        QueryParams.required("titleId", titleId, 64), country.of(http),
        QueryParams.intInRange("limit", limit, 20, 1, RecommendationsResource.MAX_LIMIT));
  }
}
