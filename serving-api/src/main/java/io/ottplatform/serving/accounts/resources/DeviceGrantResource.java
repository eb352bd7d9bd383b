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
import jakarta.ws.rs.POST;
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

  public DeviceGrantResource(DeviceGrantService grants) {
    this.grants = grants;
  }

  @POST
  @Path("/code")
  @Public
  public DeviceGrantService.Authorization code(@NotNull @Valid DeviceCodeRequest request) {
    return grants.start(request.deviceId(), request.deviceName());
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
