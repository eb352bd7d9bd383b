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
import jakarta.ws.rs.PUT;
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

  /** Takes effect at the account's next token refresh (access tokens carry the role). */
  @PUT
  @Path("/{accountId}/role")
  @RolesAllowed("admin")
  public AccountView setRole(@Auth AccountPrincipal caller, @PathParam("accountId") String accountId,
      @NotNull @Valid RoleRequest request) {
    if (!accounts.setRole(accountId, request.role())) {
      throw ApiException.notFound("account", accountId);
    }
    return auth.account(accountId);
  }
}
