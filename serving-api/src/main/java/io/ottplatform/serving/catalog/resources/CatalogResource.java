package io.ottplatform.serving.catalog.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.ProfileService;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.db.ProfileRow;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.catalog.api.SearchResponse;
import io.ottplatform.serving.catalog.api.TitleView;
import io.ottplatform.serving.common.QueryParams;
import io.ottplatform.serving.common.ViewerCountry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** What a profile may see, in the viewer's country: browse rows, search, title details. */
@Path("/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

  private final CatalogService catalog;
  private final ProfileService profiles;
  private final ViewerCountry country;

  public CatalogResource(CatalogService catalog, ProfileService profiles, ViewerCountry country) {
    this.catalog = catalog;
    this.profiles = profiles;
    this.country = country;
  }

  @GET
  @Path("/browse")
  @RolesAllowed("viewer")
  public byte[] browse(@Auth AccountPrincipal caller, @QueryParam("profileId") String profileId,
      @Context HttpServletRequest http) {
    // a BrowseResponse as JSON with its rows serialized once per cache entry (BrowseBody): the rows were
    // the largest cost of a browse, and bytes skip Jackson's per-request writer lookup
    return catalog.browseJson(profile(caller, profileId), country.of(http));
  }

  @GET
  @Path("/search")
  @RolesAllowed("viewer")
  public SearchResponse search(@Auth AccountPrincipal caller, @QueryParam("profileId") String profileId,
      @QueryParam("q") String q, @QueryParam("limit") String limit, @Context HttpServletRequest http) {
    String query = QueryParams.required("q", q, 200);
    return catalog.search(profile(caller, profileId), country.of(http), query,
        QueryParams.intInRange("limit", limit, 20, 1, 50));
  }

  @GET
  @Path("/titles/{titleId}")
  @RolesAllowed("viewer")
  public TitleView title(@Auth AccountPrincipal caller, @PathParam("titleId") String titleId,
      @QueryParam("profileId") String profileId, @Context HttpServletRequest http) {
    return catalog.viewFor(profile(caller, profileId), country.of(http), titleId);
  }

  private ProfileRow profile(AccountPrincipal caller, String profileId) {
    return profiles.require(caller.accountId(), QueryParams.required("profileId", profileId, 64));
  }
}
