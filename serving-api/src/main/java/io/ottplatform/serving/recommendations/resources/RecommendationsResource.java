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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** "For you": a profile's recommendations, filtered for the viewer's country at request time. */
@Path("/v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationsResource {

  static final int MAX_LIMIT = 50;

  private final RecommendationService recommendations;
  private final ViewerCountry country;

  public RecommendationsResource(RecommendationService recommendations, ViewerCountry country) {
    this.recommendations = recommendations;
    this.country = country;
  }

  @GET
  @Timed(name = "recommendations")
  @RolesAllowed("viewer")
  public RecommendationsResponse forYou(@Auth AccountPrincipal caller, @QueryParam("profileId") String profileId,
      @QueryParam("limit") String limit, @Context HttpServletRequest http) {
    return recommendations.forYou(caller.accountId(), QueryParams.required("profileId", profileId, 64),
        country.of(http), QueryParams.intInRange("limit", limit, 20, 1, MAX_LIMIT));
  }
}
