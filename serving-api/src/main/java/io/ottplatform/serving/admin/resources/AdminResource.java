package io.ottplatform.serving.admin.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.AuthService;
import io.ottplatform.serving.accounts.api.AccountView;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.db.AccountDao;
import io.ottplatform.serving.admin.api.RoleRequest;
import io.ottplatform.serving.common.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.util.Map;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operator actions on accounts. */
@Path("/v1/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

  private final AccountDao accounts;
  private final AuthService auth;

  public AdminResource(AccountDao accounts, AuthService auth) {
    this.accounts = accounts;
    this.auth = auth;
  }

  /**
   * Takes effect at once: the account's sessions are revoked (access tokens carry the role, so a demoted
   * admin's tokens would otherwise keep their power until they expire); it logs in again with the new role.
   */
  @PUT
  @Path("/{accountId}/role")
  @RolesAllowed("admin")
  public AccountView setRole(@Auth AccountPrincipal caller, @PathParam("accountId") String accountId,
      @NotNull @Valid RoleRequest request) {
    if (!accounts.setRole(accountId, request.role())) {
      throw ApiException.notFound("account", accountId);
    }
    auth.revokeSessions(accountId, "role_changed");
    return auth.account(accountId);
  }

  /** Signs another account out everywhere (a stolen device, an abusive account). */
  @POST
  @Path("/{accountId}/revoke-sessions")
  @RolesAllowed("admin")
  public Map<String, Integer> revokeSessions(@Auth AccountPrincipal caller, @PathParam("accountId") String accountId) {
    auth.account(accountId); // 404 for an unknown account
    return Map.of("revokedSessions", auth.revokeSessions(accountId, "revoked_by_admin"));
  }
}
