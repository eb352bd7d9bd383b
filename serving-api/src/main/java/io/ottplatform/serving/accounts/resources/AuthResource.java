package io.ottplatform.serving.accounts.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.AuthService;
import io.ottplatform.serving.accounts.api.AccountView;
import io.ottplatform.serving.accounts.api.LoginRequest;
import io.ottplatform.serving.accounts.api.PasswordChangeRequest;
import io.ottplatform.serving.accounts.api.RefreshRequest;
import io.ottplatform.serving.accounts.api.SignupRequest;
import io.ottplatform.serving.accounts.api.TokenResponse;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.auth.Public;
import io.ottplatform.serving.common.ClientAddresses;
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
  private final ClientAddresses clients;

  public AuthResource(AuthService auth, ClientAddresses clients) {
    this.auth = auth;
    this.clients = clients;
  }

  @POST
  @Path("/auth/signup")
  @Public
  public Response signUp(@NotNull @Valid SignupRequest request, @Context HttpServletRequest http) {
    return Response.status(202).entity(auth.signUp(request, clients.key(http))).build();
  }

  @POST
  @Path("/auth/login")
  @Public
  public Response login(@NotNull @Valid LoginRequest request, @Context HttpServletRequest http) {
    return noStore(auth.login(request, clients.key(http)));
  }

  @POST
  @Path("/auth/refresh")
  @Public
  public Response refresh(@NotNull @Valid RefreshRequest request) {
    return noStore(auth.refresh(request.refreshToken()));
  }

  /** Token responses are never cached (RFC 6749 §5.1). */
  static Response noStore(TokenResponse tokens) {
    return Response.ok(tokens).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
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

  /** Every session of the account ends, this one too: log in again with the new password. */
  @POST
  @Path("/auth/password")
  @RolesAllowed("viewer")
  public Map<String, Integer> changePassword(@Auth AccountPrincipal caller,
      @NotNull @Valid PasswordChangeRequest request, @Context HttpServletRequest http) {
    return Map.of("revokedSessions",
        auth.changePassword(caller, request.currentPassword(), request.newPassword(), clients.key(http)));
  }

  @GET
  @Path("/account")
  @RolesAllowed("viewer")
  public AccountView me(@Auth AccountPrincipal caller) {
    return auth.account(caller.accountId());
  }
}
