package io.ottplatform.serving.accounts.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.ProfileService;
import io.ottplatform.serving.accounts.api.ProfileRequest;
import io.ottplatform.serving.accounts.api.ProfileView;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Path("/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {

  private final ProfileService profiles;

  public ProfileResource(ProfileService profiles) {
    this.profiles = profiles;
  }

  @GET
  @RolesAllowed("viewer")
  public List<ProfileView> list(@Auth AccountPrincipal caller) {
    return profiles.list(caller.accountId());
  }

  @POST
  @RolesAllowed("viewer")
  public Response create(@Auth AccountPrincipal caller, @NotNull @Valid ProfileRequest request) {
    return Response.status(201).entity(profiles.create(caller.accountId(), request)).build();
  }

  @GET
  @Path("/{profileId}")
  @RolesAllowed("viewer")
  public ProfileView get(@Auth AccountPrincipal caller, @PathParam("profileId") String profileId) {
    return ProfileService.view(profiles.require(caller.accountId(), profileId));
  }

  @DELETE
  @Path("/{profileId}")
  @RolesAllowed("viewer")
  public Response delete(@Auth AccountPrincipal caller, @PathParam("profileId") String profileId) {
    profiles.delete(caller.accountId(), profileId);
    return Response.noContent().build();
  }
}
