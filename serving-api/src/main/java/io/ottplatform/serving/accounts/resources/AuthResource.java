package io.ottplatform.serving.accounts.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.AuthService;
import io.ottplatform.serving.accounts.api.AccountView;
import io.ottplatform.serving.accounts.api.LoginRequest;
import io.ottplatform.serving.accounts.api.RefreshRequest;
import io.ottplatform.serving.accounts.api.SignupRequest;
import io.ottplatform.serving.accounts.api.TokenResponse;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.auth.Public;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

  private final AuthService auth;

  public AuthResource(AuthService auth) {
    this.auth = auth;
  }

  @POST
  @Path("/auth/signup")
  @Public
  public Response signUp(@NotNull @Valid SignupRequest request) {
    return Response.status(201).entity(auth.signUp(request)).build();
  }

  @POST
  @Path("/auth/login")
  @Public
  public TokenResponse login(@NotNull @Valid LoginRequest request, @Context HttpServletRequest http) {
    return auth.login(request, http.getRemoteAddr());
  }

  @POST
  @Path("/auth/refresh")
  @Public
  public TokenResponse refresh(@NotNull @Valid RefreshRequest request) {
    return auth.refresh(request.refreshToken());
  }

  @POST
  @Path("/auth/logout")
  @RolesAllowed("viewer")
  public Response logout(@Auth AccountPrincipal caller) {
    auth.logout(caller);
    return Response.noContent().build();
  }

  @POST
  @Path("/auth/logout-all")
  @RolesAllowed("viewer")
  public Map<String, Integer> logoutEverywhere(@Auth AccountPrincipal caller) {
    return Map.of("revokedSessions", auth.logoutEverywhere(caller));
  }

  @GET
  @Path("/account")
  @RolesAllowed("viewer")
  public AccountView me(@Auth AccountPrincipal caller) {
    return auth.account(caller.accountId());
  }
}
