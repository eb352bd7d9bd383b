package io.ottplatform.serving.accounts.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.AccountErasure;
import io.ottplatform.serving.accounts.api.AccountDeletionRequest;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.common.ClientAddresses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code DELETE /v1/account} with {@code {"password": ...}}: 202 with the erasure receipt. Accepted rather than
 * done: the serving data is gone when it answers, the lake's copy follows with the erase job.
 */
@Path("/v1") // not /v1/account: AuthResource's GET /v1/account must stay reachable (Jersey picks one root class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountDeletionResource {

  private final AccountErasure erasure;
  private final ClientAddresses clients;

  public AccountDeletionResource(AccountErasure erasure, ClientAddresses clients) {
    this.erasure = erasure;
    this.clients = clients;
  }

  @DELETE
  @Path("/account")
  @RolesAllowed("viewer")
  public Response delete(@Auth AccountPrincipal caller, @NotNull @Valid AccountDeletionRequest request,
      @Context HttpServletRequest http) {
    return Response.status(202).entity(erasure.delete(caller, request.password(), clients.key(http)))
        .header("Cache-Control", "no-store").build();
  }
}
