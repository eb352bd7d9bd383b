package io.ottplatform.serving.accounts.resources;

import io.dropwizard.auth.Auth;
import io.ottplatform.serving.accounts.DeviceGrantService;
import io.ottplatform.serving.accounts.api.DeviceApproveRequest;
import io.ottplatform.serving.accounts.api.DeviceCodeRequest;
import io.ottplatform.serving.accounts.api.DeviceTokenRequest;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.accounts.auth.Public;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import io.ottplatform.serving.common.ClientAddresses;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** OAuth 2.0 device authorization grant (RFC 8628), JSON flavoured: TV → code, phone → approve, TV → tokens. */
@Path("/v1/auth/device")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceGrantResource {

  private final DeviceGrantService grants;
  private final ClientAddresses clients;

  public DeviceGrantResource(DeviceGrantService grants, ClientAddresses clients) {
    this.grants = grants;
    this.clients = clients;
  }

  @POST
  @Path("/code")
  @Public
  public Response code(@NotNull @Valid DeviceCodeRequest request, @Context HttpServletRequest http) {
    return Response.ok(grants.start(request.deviceId(), request.deviceName(), clients.key(http)))
        .header("Cache-Control", "no-store").build();
  }

  /** RFC 8628 §5.4: the device a code belongs to, shown before the viewer approves it. */
  @GET
  @Path("/pending")
  @RolesAllowed("viewer")
  public DeviceGrantService.PendingDevice pending(@Auth AccountPrincipal caller,
      @QueryParam("userCode") @NotNull @Pattern(regexp = "[A-Za-z -]{8,12}",
          message = "must be the 8-letter code shown on the device") String userCode) {
    return grants.pending(userCode);
  }

  @POST
  @Path("/approve")
  @RolesAllowed("viewer")
  public Response approve(@Auth AccountPrincipal caller, @NotNull @Valid DeviceApproveRequest request) {
    grants.approve(caller.accountId(), request.userCode());
    return Response.noContent().build();
  }

  /** 200 with tokens, or 400 {@code {"error": "authorization_pending" | "slow_down" | "expired_token" | ...}}. */
  @POST
  @Path("/token")
  @Public
  public Response token(@NotNull @Valid DeviceTokenRequest request) {
    try {
      return Response.ok(grants.poll(request.deviceCode())).header("Cache-Control", "no-store").build();
    } catch (DeviceGrantService.GrantError e) {
      return Response.status(400).entity(e.body()).header("Cache-Control", "no-store").build();
    }
  }
}
