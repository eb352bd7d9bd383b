package io.ottplatform.serving.accounts.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.AccountErasure;
import io.ottplatform.serving.accounts.api.ErasureReceipt;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.common.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** The lake's erasure requests for operators: what the {@code erase} job still has to do, and marking it done. */
@Path("/v1/admin/erasure-requests")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureRequestResource {

  private static final int MAX_LIMIT = 500;

  private final AccountErasure erasure;

  public ErasureRequestResource(AccountErasure erasure) {
    this.erasure = erasure;
  }

  /** Pending requests, oldest first; {@code ?status=all} includes completed ones. */
  @GET
  @RolesAllowed("admin")
  public List<ErasureReceipt> list(@QueryParam("status") @DefaultValue("pending") String status,
      @QueryParam("limit") @DefaultValue("100") String limitParam) {
    int limit = limit(limitParam);
    if (!status.equals("pending") && !status.equals("all")) {
      throw ApiException.badRequest("invalid_status", "status must be pending or all, not '" + status + "'");
    }
    return erasure.list(status.equals("pending"), limit);
  }

  /** After {@code ./ott batch erase --profile-id P} ran for every profile id of the request. */
  @POST
  @Path("/{id}/complete")
  @RolesAllowed("admin")
  public ErasureReceipt complete(@Auth AccountPrincipal caller, @PathParam("id") String id) {
    return erasure.complete(uuid(id), caller.accountId());
  }

  private static int limit(String value) {
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException notANumber) {
      // refused below with the value named
    }
    throw ApiException.badRequest("invalid_limit", "limit must be 1 to " + MAX_LIMIT + ", not '" + value + "'");
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_request_id", "not an erasure request id: '" + id + "'");
    }
  }
}
